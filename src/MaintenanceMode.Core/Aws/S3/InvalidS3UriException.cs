using System;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>A text that is not an s3://bucket/key (or s3://bucket/prefix/) location. Error id <c>InvalidS3Uri</c>.</summary>
    public sealed class InvalidS3UriException : ArgumentException
    {
        public InvalidS3UriException(string? value, string reason)
            : base($"'{value}' is not a valid S3 location: {reason}. Write it as s3://bucket/key for an object or s3://bucket/prefix/ for a folder.")
        {
            Value = value;
            Reason = reason;
        }

        /// <summary>Stable id: <see cref="ErrorIds.InvalidS3Uri"/>.</summary>
        public string ErrorId => ErrorIds.InvalidS3Uri;

        /// <summary>The text that was rejected.</summary>
        public string? Value { get; }

        /// <summary>Why it was rejected, without the advice.</summary>
        public string Reason { get; }
    }
}
