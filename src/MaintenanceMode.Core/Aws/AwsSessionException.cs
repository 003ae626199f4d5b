using System;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// The session (region, credentials, endpoints) could not be resolved. <see cref="ErrorId"/> is one of
    /// <see cref="AwsSessionErrorIds"/>; the message says how to fix it.
    /// </summary>
    public sealed class AwsSessionException : Exception
    {
        public AwsSessionException(string errorId, string message, object? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Target = target;
        }

        /// <summary>A stable id from <see cref="AwsSessionErrorIds"/>.</summary>
        public string ErrorId { get; }

        /// <summary>What the error is about (a profile name, an endpoint, a credential object), or null.</summary>
        public object? Target { get; }
    }
}
