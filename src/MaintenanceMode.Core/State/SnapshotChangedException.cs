using System;
using MaintenanceMode.Errors;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State
{
    /// <summary>
    /// A conditional write or delete found a different version (or none) of the object than the caller read.
    /// Error id <c>SnapshotChanged</c>.
    /// </summary>
    public sealed class SnapshotChangedException : S3StoreException
    {
        public SnapshotChangedException(string bucket, string key, string expectedETag, Exception? innerException)
            : base(
                ErrorIds.SnapshotChanged,
                $"The object s3://{bucket}/{key} changed since it was read (expected ETag {expectedETag}); another operation may be working on the same listener. " +
                "Nothing was written. Read it again and retry once the other operation has finished.",
                bucket, key, innerException)
        {
            ExpectedETag = expectedETag;
        }

        public string ExpectedETag { get; }
    }
}
