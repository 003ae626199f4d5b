using System;
using System.Linq;
using System.Management.Automation;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// -ContentType takes one of the types an ALB fixed response accepts. Like ValidateSet, but the list is
    /// <see cref="PageContentType.Allowed"/>, the one the core checks pages against, not a copy of it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateFixedResponseContentTypeAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            var value = (element is PSObject wrapped ? wrapped.BaseObject : element)?.ToString();
            if (!PageContentType.Allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                throw new ValidationMetadataException(
                    $"'{value}' is not a content type an ALB fixed response accepts. Give one of: {string.Join(", ", PageContentType.Allowed)}.");
            }
        }
    }
}
