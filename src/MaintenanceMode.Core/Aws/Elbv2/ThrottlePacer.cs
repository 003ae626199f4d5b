using System;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// The client side of an account's API rate (the idea of the AWS SDKs' adaptive retry mode): a
    /// Throttling answer doubles the interval kept between the starts of this transport's requests, a
    /// success shortens it by a tenth, down to no pacing at all. Calls that run side by side then stop
    /// spending attempts against an empty bucket; they queue behind one another at about the rate the
    /// account allows, and a plan of many calls finishes however small that rate is.
    /// </summary>
    public sealed class ThrottlePacer
    {
        /// <summary>The interval after the first Throttling answer.</summary>
        public static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(100);

        /// <summary>The longest interval: slower buckets are left to the retries' backoff (up to 5 s), so that a burst of Throttling that has passed slows what follows for seconds, not minutes.</summary>
        public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(2);

        /// <summary>Below this, successes end the pacing.</summary>
        public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(20);

        private readonly object _gate = new object();
        private readonly Func<DateTimeOffset> _now;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private TimeSpan _interval;
        private DateTimeOffset _nextSend = DateTimeOffset.MinValue;
        private DateTimeOffset _lastSlowdown = DateTimeOffset.MinValue;

        public ThrottlePacer(Func<DateTimeOffset> now, Func<TimeSpan, CancellationToken, Task> delay)
        {
            _now = now ?? throw new ArgumentNullException(nameof(now));
            _delay = delay ?? throw new ArgumentNullException(nameof(delay));
        }

        /// <summary>The interval kept between request starts now; zero when not pacing.</summary>
        public TimeSpan Interval
        {
            get { lock (_gate) return _interval; }
        }

        /// <summary>Waits for this request's turn; returns when it was sent (for <see cref="Throttled"/>).</summary>
        public async Task<DateTimeOffset> WaitTurnAsync(CancellationToken cancellationToken)
        {
            DateTimeOffset now, slot;
            lock (_gate)
            {
                now = _now();
                if (_interval == TimeSpan.Zero)
                {
                    return now;
                }

                slot = _nextSend > now ? _nextSend : now;
                _nextSend = slot + _interval;
            }

            if (slot > now)
            {
                await _delay(slot - now, cancellationToken).ConfigureAwait(false);
            }

            return slot;
        }

        /// <summary>
        /// A request sent at <paramref name="sentAt"/> was throttled. Requests sent before the last slowdown
        /// met the old rate, so their answers do not slow it again: six calls throttled together halve the
        /// rate once, not six times (as TCP halves its window once per round trip).
        /// </summary>
        public void Throttled(DateTimeOffset sentAt)
        {
            lock (_gate)
            {
                if (sentAt <= _lastSlowdown)
                {
                    return;
                }

                _interval = _interval == TimeSpan.Zero ? FirstInterval : Min(TimeSpan.FromTicks(_interval.Ticks * 2), MaxInterval);
                _lastSlowdown = _now();
                // The next request waits a full interval from now: the bucket is empty at this moment.
                _nextSend = _lastSlowdown + _interval;
            }
        }

        /// <summary>A request was answered without throttling: the rate creeps back up.</summary>
        public void Succeeded()
        {
            lock (_gate)
            {
                if (_interval == TimeSpan.Zero)
                {
                    return;
                }

                var shorter = TimeSpan.FromTicks(_interval.Ticks * 9 / 10);
                _interval = shorter < MinInterval ? TimeSpan.Zero : shorter;
            }
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }
}
