using System;

namespace MaintenanceMode.Errors
{
    /// <summary>Marks an id of <see cref="ErrorIds"/> with its kind, so an id and its kind are one line.</summary>
    [AttributeUsage(AttributeTargets.Field, AllowMultiple = false)]
    public sealed class ErrorAttribute : Attribute
    {
        public ErrorAttribute(ErrorKind kind)
        {
            Kind = kind;
        }

        public ErrorKind Kind { get; }
    }
}
