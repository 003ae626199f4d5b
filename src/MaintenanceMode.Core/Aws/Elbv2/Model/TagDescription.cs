using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>The tags of one resource.</summary>
    public sealed class TagDescription
    {
        public string? ResourceArn { get; set; }

        public List<Tag>? Tags { get; set; }
    }
}
