using System;

namespace MaintenanceMode.Errors
{
    /// <summary>
    /// A failure the module understands: a stable id a script can match on (it becomes the
    /// ErrorRecord's FullyQualifiedErrorId), a kind, and a message that says what to do.
    /// </summary>
    public class MaintenanceModeException : Exception
    {
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
