using System;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Reporting;

namespace MaintenanceMode.State.Locks
{
    /// <summary>
    /// The lock every run that changes a listener takes, in the listener's state location: Enable, Disable and
    /// Restore alike. Taking it clears a lock whose holder is gone or whose lease ran out (and says so); holding it
    /// renews its lease; releasing it says when someone broke it meanwhile.
    /// </summary>
    public sealed class ListenerLocks
    {
        private readonly IMaintenanceReporter _reporter;
        private readonly Func<DateTimeOffset> _clock;
        private readonly Func<CancellationToken, Task<string?>> _caller;

        /// <param name="caller">The caller's ARN, asked once per command, written into the lock as its holder.</param>
        public ListenerLocks(IMaintenanceReporter reporter, Func<DateTimeOffset> clock, Func<CancellationToken, Task<string?>> caller)
        {
            _reporter = reporter;
            _clock = clock;
            _caller = caller;
        }

        public async Task<LockLease> AcquireAsync(SnapshotStore store, string listenerArn, string operation, CancellationToken ct)
        {
            var locks = new OperationLock(store);
            var record = LockRecord.ForCurrentProcess(listenerArn, await _caller(ct).ConfigureAwait(false) ?? Environment.UserName, operation, _clock(), OperationLock.DefaultLease);
            HeldLock held;
            try
            {
                held = await locks.AcquireAsync(record, ct).ConfigureAwait(false);
            }
            catch (LockHeldException busy) when (busy.Holder != null && ClearableBecause(busy.Holder) is string why)
            {
                _reporter.Warning($"Clearing the lock left by {busy.Holder.Operation} (process {busy.Holder.ProcessId} on {busy.Holder.Host}), {why}.");
                await locks.ClearStaleAsync(listenerArn, busy.Holder.LockId, ct).ConfigureAwait(false);
                held = await locks.AcquireAsync(record, ct).ConfigureAwait(false);
            }

            return LockLease.Start(locks, held, OperationLock.DefaultLease, OperationLock.DefaultRenewal, _clock);
        }

        /// <summary>Why a lock may be cleared without asking anyone, or null when its holder may still run.</summary>
        private string? ClearableBecause(LockRecord holder)
        {
            switch (LockHolder.Judge(holder, _clock()))
            {
                case LockHolderState.Gone:
                    return "which no longer runs";
                case LockHolderState.LeaseExpired:
                    return $"whose lease ran out at {holder.ExpiresAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC without renewal";
                default:
                    return null;
            }
        }

        public async Task ReleaseAsync(SnapshotStore store, LockLease lease)
        {
            var held = await lease.StopAsync().ConfigureAwait(false);
            if (lease.Lost)
            {
                _reporter.Warning($"The lock s3://{store.Location.Bucket}/{held.Key} was broken by someone else while this run held it (Unlock-Maintenance?); another run may have changed the listener meanwhile. Check it with Get-MaintenanceStatus.");
                return;
            }

            try
            {
                await new OperationLock(store).ReleaseAsync(held, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _reporter.Warning($"The lock s3://{store.Location.Bucket}/{held.Key} could not be released ({ex.Message}); it expires with its lease, and the next run on this machine clears it.");
            }
        }
    }
}
