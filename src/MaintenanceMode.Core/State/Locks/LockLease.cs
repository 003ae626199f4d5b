using System;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.State.Locks
{
    /// <summary>
    /// Keeps a held lock's lease running while its run lasts: every <c>renewal</c> it moves
    /// <see cref="LockRecord.ExpiresAt"/> to <c>lease</c> from now (a conditional write of the version it holds).
    /// Most runs end before the first renewal; one slowed down by retries and backoff, or a long restore, keeps
    /// its lock. If the lock was broken meanwhile (Unlock-Maintenance), renewing stops and <see cref="Lost"/> says so.
    /// </summary>
    public sealed class LockLease
    {
        private readonly OperationLock _locks;
        private readonly TimeSpan _lease;
        private readonly TimeSpan _renewal;
        private readonly Func<DateTimeOffset> _clock;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private HeldLock _current;

        private LockLease(OperationLock locks, HeldLock held, TimeSpan lease, TimeSpan renewal, Func<DateTimeOffset> clock)
        {
            _locks = locks;
            _current = held;
            _lease = lease;
            _renewal = renewal;
            _clock = clock;
            _loop = Task.Run(RenewUntilStoppedAsync);
        }

        /// <summary>The lock as last written: release it with this version.</summary>
        public HeldLock Current => Volatile.Read(ref _current);

        /// <summary>True when a renewal found the lock cleared or taken by another run.</summary>
        public bool Lost { get; private set; }

        /// <summary>Starts renewing <paramref name="held"/>.</summary>
        public static LockLease Start(OperationLock locks, HeldLock held, TimeSpan lease, TimeSpan renewal, Func<DateTimeOffset> clock)
        {
            if (locks == null) throw new ArgumentNullException(nameof(locks));
            if (held == null) throw new ArgumentNullException(nameof(held));
            if (renewal <= TimeSpan.Zero || renewal >= lease) throw new ArgumentOutOfRangeException(nameof(renewal), "Renew more often than the lease lasts.");
            return new LockLease(locks, held, lease, renewal, clock ?? throw new ArgumentNullException(nameof(clock)));
        }

        /// <summary>Stops renewing; a renewal under way finishes first, so <see cref="Current"/> is the stored version.</summary>
        public async Task<HeldLock> StopAsync()
        {
            _stop.Cancel();
            await _loop.ConfigureAwait(false);
            return Current;
        }

        private async Task RenewUntilStoppedAsync()
        {
            while (true)
            {
                try
                {
                    await Task.Delay(_renewal, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    // Not cancelled by the stop: a write cut short could have taken effect with an ETag never seen.
                    Volatile.Write(ref _current, await _locks.RenewAsync(Current, _clock() + _lease, CancellationToken.None).ConfigureAwait(false));
                }
                catch (LockChangedException)
                {
                    Lost = true;
                    return;
                }
                catch (Exception)
                {
                    // A failed renewal (network, throttling) is tried again at the next tick; the lease has
                    // room for several misses before it runs out.
                }
            }
        }
    }
}
