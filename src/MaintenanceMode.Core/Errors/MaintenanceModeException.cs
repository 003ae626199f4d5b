using System;

namespace MaintenanceMode.Errors
{
    /// <summary>
    /// A failure the module understands: a stable id a script can match on (it becomes the
    /// ErrorRecord's FullyQualifiedErrorId), a kind, and a message that says what to do.
    /// </summary>
    public class MaintenanceModeException : Exception
    {
        /// <summary>An error of <see cref="ErrorIds"/>: its kind comes from <see cref="ErrorCatalogue"/>.</summary>
        public MaintenanceModeException(string errorId, string message, Exception? innerException = null)
            : this(errorId, ErrorCatalogue.KindOf(errorId), message, innerException)
        {
        }

        /// <summary>An error whose id is made at run time from an AWS error code (<c>Elbv2.&lt;Code&gt;</c>, <c>Aws.&lt;Code&gt;</c>).</summary>
        public MaintenanceModeException(string errorId, ErrorKind kind, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }

        public ErrorKind Kind { get; }

        /// <summary>The listener or load balancer the error is about, when there is one.</summary>
        public string? Target { get; set; }
    }
}
