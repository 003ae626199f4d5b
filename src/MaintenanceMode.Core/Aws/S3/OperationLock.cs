using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>
    /// A lock that keeps two maintenance operations off the same scope (a load balancer or listener): an object
    /// at <see cref="SnapshotLayout.LockKey"/> written create-only, holding a <see cref="LockRecord"/>.
    /// </summary>
    /// <remarks>
    /// There is no expiry: an operation can legitimately run for minutes, and a lock that lapses on its own
    /// lets a second operation in while the first is still changing rules. A lock left by a crashed process is
    /// cleared by a person with <see cref="ClearStaleAsync"/>, which demands the lock id they read; the delete is
    /// conditional on the ETag of that very version, so if the lock was cleared and retaken in between, the new
    /// holder's lock survives.
    /// </remarks>
    public sealed class OperationLock
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = LockRecordJsonContext.Default };

        private readonly SnapshotStore _store;

        public OperationLock(SnapshotStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <summary>Takes the lock of <see cref="LockRecord.Scope"/> for the record's holder.</summary>
        /// <exception cref="LockHeldException">Someone holds it; the exception carries their record.</exception>
        public async Task<HeldLock> AcquireAsync(LockRecord record, CancellationToken cancellationToken)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            if (string.IsNullOrEmpty(record.LockId)) throw new ArgumentException("The lock record needs a lock id; build it with LockRecord.ForCurrentProcess.", nameof(record));

            string key = _store.Layout.LockKey(record.Scope);
            string? eTag = await _store.TryPutNewAsync(key, JsonSerializer.Serialize(record, Json), cancellationToken).ConfigureAwait(false);
            if (eTag != null)
            {
                return new HeldLock(key, record, eTag);
            }

            HeldLock? holder = await ReadAsync(record.Scope, cancellationToken).ConfigureAwait(false);
            if (holder != null && string.Equals(holder.Record.LockId, record.LockId, StringComparison.OrdinalIgnoreCase))
            {
                // Our own lock: the first attempt of the write took effect but its reply was lost, and the
                // SDK's retry met the object it had written (412). The lock id is unique to this run.
                return new HeldLock(key, record, holder.ETag);
            }

            throw new LockHeldException(_store.Location.Bucket, key, record.Scope, holder?.Record);
        }

        /// <summary>The current lock of a scope, or null when it is free.</summary>
        /// <exception cref="S3StoreException"><c>LockUnreadable</c> when the lock object is not a lock record.</exception>
        public async Task<HeldLock?> ReadAsync(string scope, CancellationToken cancellationToken)
        {
            string key = _store.Layout.LockKey(scope);
            StoredObject? stored = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (stored == null)
            {
                return null;
            }

            LockRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<LockRecord>(stored.Content, Json);
            }
            catch (JsonException ex)
            {
                throw Unreadable(key, ex);
            }

            if (record == null || string.IsNullOrEmpty(record.LockId))
            {
                throw Unreadable(key, null);
            }

            return new HeldLock(key, record, stored.ETag);
        }

        /// <summary>Releases a lock this process took, only if it is still that lock.</summary>
        /// <returns>False when the lock was already gone (someone cleared it).</returns>
        /// <exception cref="LockChangedException">The lock was cleared and retaken by another operation; theirs is left in place.</exception>
        public async Task<bool> ReleaseAsync(HeldLock held, CancellationToken cancellationToken)
        {
            if (held == null) throw new ArgumentNullException(nameof(held));
            return await DeleteVersionAsync(held, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Clears a lock left behind by an operation that died, given the lock id the caller read from it
        /// (from <see cref="ReadAsync"/> or a <see cref="LockHeldException"/>).
        /// </summary>
        /// <returns>False when there is no lock (nothing to clear).</returns>
        /// <exception cref="LockChangedException">The current lock has another id; it is left in place.</exception>
        public async Task<bool> ClearStaleAsync(string scope, string lockId, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(lockId)) throw new ArgumentException("The lock id read from the lock is required.", nameof(lockId));

            HeldLock? current = await ReadAsync(scope, cancellationToken).ConfigureAwait(false);
            if (current == null)
            {
                return false;
            }

            if (!string.Equals(current.Record.LockId, lockId.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new LockChangedException(_store.Location.Bucket, current.Key, lockId, current.Record);
            }

            return await DeleteVersionAsync(current, cancellationToken).ConfigureAwait(false);
        }

        // If-Match on the ETag of the version read: between reading and deleting, the lock may change hands.
        private async Task<bool> DeleteVersionAsync(HeldLock version, CancellationToken cancellationToken)
        {
            try
            {
                return await _store.DeleteAsync(version.Key, version.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (SnapshotChangedException)
            {
                HeldLock? now = await ReadAsync(version.Record.Scope, cancellationToken).ConfigureAwait(false);
                if (now == null)
                {
                    // Gone: an earlier attempt of this delete took effect and its reply was lost (the retry then
                    // found no version to match). What was wanted is so.
                    return true;
                }

                throw new LockChangedException(_store.Location.Bucket, version.Key, version.Record.LockId, now?.Record);
            }
        }

        private S3StoreException Unreadable(string key, Exception? inner)
        {
            return new S3StoreException(
                S3ErrorIds.LockUnreadable,
                $"The lock object s3://{_store.Location.Bucket}/{key} does not hold a lock record. Look at it; if no operation is running, delete it by hand (for example with Remove-S3Object) and retry.",
                _store.Location.Bucket, key, inner);
        }
    }
}
