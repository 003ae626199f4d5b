using MaintenanceMode.Errors;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State.Locks
{
    /// <summary>
    /// The lock is no longer the one the caller read or took (another operation cleared and retook it),
    /// so it was not removed. Error id <c>LockChanged</c>.
    /// </summary>
    public sealed class LockChangedException : S3StoreException
    {
        public LockChangedException(string bucket, string key, string expectedLockId, LockRecord? current)
            : base(
                ErrorIds.LockChanged,
                $"The lock s3://{bucket}/{key} is no longer lock {expectedLockId}" +
                (current == null ? string.Empty : $"; it is now held by {current}") +
                ". It was left in place. Read the lock again and decide with its current lock id.",
                bucket, key)
        {
            ExpectedLockId = expectedLockId;
            Current = current;
        }

        public string ExpectedLockId { get; }

        public LockRecord? Current { get; }
    }
}
