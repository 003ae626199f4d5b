using MaintenanceMode.Errors;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State.Locks
{
    /// <summary>Another operation holds the lock. Error id <c>MaintenanceInProgress</c>, as the user sees it.</summary>
    public sealed class LockHeldException : S3StoreException
    {
        public LockHeldException(string bucket, string key, string scope, LockRecord? holder)
            : base(ErrorIds.MaintenanceInProgress, BuildMessage(bucket, key, scope, holder), bucket, key)
        {
            Scope = scope;
            Holder = holder;
        }

        public string Scope { get; }

        /// <summary>The record of the holder; null when the lock vanished between the refused write and the read.</summary>
        public LockRecord? Holder { get; }

        private static string BuildMessage(string bucket, string key, string scope, LockRecord? holder)
        {
            string who = holder == null ? "another operation (it has just finished; try again)" : holder.ToString();
            string clear = holder == null
                ? string.Empty
                : (holder.ExpiresAt.HasValue ? $" The lock expires by itself at {holder.ExpiresAt.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC unless its holder renews it." : string.Empty) +
                  $" If that process is gone (crashed, or its machine was lost), break the lock with Unlock-Maintenance; it removes only lock {holder.LockId}, " +
                  "so a lock retaken meanwhile is never removed by mistake.";
            return $"Another maintenance operation holds the lock for {scope}: {who}. Wait for it to finish.{clear} Lock object: s3://{bucket}/{key}";
        }
    }
}
