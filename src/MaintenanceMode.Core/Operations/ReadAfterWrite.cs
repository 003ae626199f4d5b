using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// On AWS, ELBv2 reads lag writes: for a moment after CreateRule, ModifyRule, DeleteRule or a tag change,
    /// DescribeRules and DescribeTags may still answer as before it (Terraform retries its reads for this).
    /// Where the module concludes something from a read it made right after its own writes, it reads again,
    /// a bounded number of times with growing pauses, until the read shows what it knows it did.
    /// </summary>
    public sealed class ReadAfterWrite
    {
        /// <summary>About ten seconds in all: AWS's lag is seconds, and a read that never catches up is used as it is.</summary>
        public static readonly ReadAfterWrite Default = new ReadAfterWrite(
            new[] { 250, 500, 1000, 2000, 3000, 3000 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToList(), TimeSpan.FromSeconds(3));

        /// <summary>No pauses and no settling: for fakes that never lag.</summary>
        public static readonly ReadAfterWrite Immediate = new ReadAfterWrite(new TimeSpan[0], TimeSpan.Zero);

        private readonly Func<TimeSpan, CancellationToken, Task> _sleep;

        public ReadAfterWrite(IReadOnlyList<TimeSpan> pauses, TimeSpan settle, Func<TimeSpan, CancellationToken, Task>? sleep = null)
        {
            Pauses = pauses;
            Settle = settle;
            _sleep = sleep ?? Task.Delay;
        }

        /// <summary>The first few pauses only (a few seconds): where a read that never changes is the common case.</summary>
        public ReadAfterWrite Brief => new ReadAfterWrite(Pauses.Take(4).ToList(), Settle, _sleep);

        /// <summary>The pauses between reads, in order.</summary>
        public IReadOnlyList<TimeSpan> Pauses { get; }

        /// <summary>
        /// How long to let writes settle before a read that nothing known can check: after a failed run, the
        /// listener must read back as it is, not as it was before the calls the run made and undid.
        /// </summary>
        public TimeSpan Settle { get; }

        /// <summary>Reads until <paramref name="caughtUp"/> holds or the pauses are spent; returns the last read.</summary>
        public async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> caughtUp, CancellationToken ct)
        {
            var value = await read().ConfigureAwait(false);
            foreach (var pause in Pauses)
            {
                if (caughtUp(value))
                {
                    return value;
                }

                await _sleep(pause, ct).ConfigureAwait(false);
                value = await read().ConfigureAwait(false);
            }

            return value;
        }

        /// <summary>Like <see cref="UntilAsync{T}"/>, but a read that fails with an error <paramref name="stale"/> recognises is read again too.</summary>
        public async Task<T> RetryingAsync<T>(Func<Task<T>> read, Func<Exception, bool> stale, CancellationToken ct)
        {
            foreach (var pause in Pauses)
            {
                try
                {
                    return await read().ConfigureAwait(false);
                }
                catch (Exception ex) when (stale(ex))
                {
                    await _sleep(pause, ct).ConfigureAwait(false);
                }
            }

            return await read().ConfigureAwait(false);
        }

        public Task SettleAsync(CancellationToken ct) => Settle > TimeSpan.Zero ? _sleep(Settle, ct) : Task.CompletedTask;
    }
}
