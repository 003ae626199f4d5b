using MaintenanceMode.Errors;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State
{
    /// <summary>A create-only write found an object already there. Error id <c>SnapshotAlreadyExists</c>.</summary>
    public sealed class SnapshotAlreadyExistsException : S3StoreException
    {
        public SnapshotAlreadyExistsException(string bucket, string key)
            : base(
                ErrorIds.SnapshotAlreadyExists,
                $"A snapshot already exists at s3://{bucket}/{key}: the listener is probably in maintenance already (or an earlier run did not finish). " +
                "Disable maintenance to restore and remove it, or inspect it before doing anything else; it is never overwritten, because it may be the only record of the listener's rules.",
                bucket, key)
        {
        }
    }
}
