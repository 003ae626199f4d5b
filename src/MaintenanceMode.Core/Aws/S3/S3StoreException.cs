using System;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>
    /// A failure of an S3 adapter, carrying a stable <see cref="ErrorId"/> (one of <see cref="S3ErrorIds"/>)
    /// and the object it concerns. Subclasses exist where a caller needs to catch one case.
    /// </summary>
    public class S3StoreException : Exception
    {
        public S3StoreException(string errorId, string message, string? bucket = null, string? key = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Bucket = bucket;
            Key = key;
        }

        /// <summary>Stable id, see <see cref="S3ErrorIds"/>.</summary>
        public string ErrorId { get; }

        public string? Bucket { get; }

        public string? Key { get; }
    }
}
