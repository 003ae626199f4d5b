using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Errors;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State.Locks
{
    /// <summary>
    /// A lock that keeps two maintenance operations off the same scope (a load balancer or listener): an object
    /// at <see cref="SnapshotLayout.LockKey"/> written create-only, holding a <see cref="LockRecord"/>.
    /// </summary>
    /// <remarks>
    /// A lock has a lease (<see cref="LockRecord.ExpiresAt"/>, <see cref="DefaultLease"/> from when it is taken),
    /// which the holder renews while it runs (<see cref="LockLease"/>). A run on the same machine or container
    /// as a dead holder tells it is dead at once (<see cref="LockHolder"/>); a run elsewhere waits for the lease
    /// to run out. Clearing is conditional on the ETag of the very version read, so if the lock was cleared and
    /// retaken in between, the new holder's lock survives.
    /// </remarks>
    public sealed class OperationLock
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = LockRecordJsonContext.Default };

        /// <summary>
        /// How long a lock holds without renewal. Ten minutes: a run renews every two (<see cref="DefaultRenewal"/>),
        /// so a live holder's lease always has eight minutes left, more than any plausible clock skew between two
        /// machines, and a run that died elsewhere blocks the listener for ten minutes at most.
        /// </summary>
        public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

        /// <summary>How often a running holder renews its lease.</summary>
        public static readonly TimeSpan DefaultRenewal = TimeSpan.FromMinutes(2);

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

        /// <summary>Extends the lease of a lock this process holds, only if it is still that version.</summary>
        /// <returns>The lock as now stored (its new ETag).</returns>
        /// <exception cref="LockChangedException">The lock was cleared, or cleared and retaken: this process no longer holds it.</exception>
        public async Task<HeldLock> RenewAsync(HeldLock held, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        {
            if (held == null) throw new ArgumentNullException(nameof(held));
            var renewed = held.Record.RenewedUntil(expiresAt);
            try
            {
                string eTag = await _store.ReplaceAsync(held.Key, JsonSerializer.Serialize(renewed, Json), held.ETag, cancellationToken).ConfigureAwait(false);
                return new HeldLock(held.Key, renewed, eTag);
            }
            catch (SnapshotChangedException)
            {
                HeldLock? now = await ReadAsync(held.Record.Scope, cancellationToken).ConfigureAwait(false);
                if (now != null && now.Record.LockId == held.Record.LockId && now.Record.ExpiresAt == renewed.ExpiresAt)
                {
                    // This renewal itself: it took effect, its reply was lost, and the retry met the new version.
                    return now;
                }

                throw new LockChangedException(_store.Location.Bucket, held.Key, held.Record.LockId, now?.Record);
            }
        }

        /// <summary>Removes the lock version given (as read), whoever holds it: Unlock-Maintenance.</summary>
        /// <returns>False when it was already gone.</returns>
        /// <exception cref="LockChangedException">The lock changed hands since it was read; the new lock is left in place.</exception>
        public Task<bool> BreakAsync(HeldLock read, CancellationToken cancellationToken)
        {
            if (read == null) throw new ArgumentNullException(nameof(read));
            return DeleteVersionAsync(read, cancellationToken);
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
                ErrorIds.LockUnreadable,
                $"The lock object s3://{_store.Location.Bucket}/{key} does not hold a lock record. Look at it; if no operation is running, delete it by hand (for example with Remove-S3Object) and retry.",
                _store.Location.Bucket, key, inner);
        }
    }
}
