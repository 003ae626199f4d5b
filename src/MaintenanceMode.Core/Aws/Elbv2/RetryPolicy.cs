using System;
using System.Threading;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// How often and how long to retry transient errors: exponential backoff with full jitter, bounded
    /// both in attempts and in total time.
    /// </summary>
    public sealed class RetryPolicy
    {
        /// <summary>Five attempts, 250 ms base delay, 20 s cap, 2 minutes in all, 30 s per attempt.</summary>
        public static RetryPolicy Default { get; } = new RetryPolicy();

        /// <summary>One attempt: transient errors surface at once.</summary>
        public static RetryPolicy NoRetries { get; } = new RetryPolicy(maxAttempts: 1);

        /// <param name="maxAttempts">Requests to send at most, the first one included (at least 1).</param>
        /// <param name="baseDelay">Ceiling of the first backoff; doubles with each retry.</param>
        /// <param name="maxDelay">Ceiling of any one backoff.</param>
        /// <param name="timeBudget">No retry starts if its backoff would end after this much time since the first attempt.</param>
        /// <param name="attemptTimeout">How long one request may take before it counts as a (retryable) timeout; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
        public RetryPolicy(
            int maxAttempts = 5,
            TimeSpan? baseDelay = null,
            TimeSpan? maxDelay = null,
            TimeSpan? timeBudget = null,
            TimeSpan? attemptTimeout = null)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt is needed.");
            MaxAttempts = maxAttempts;
            BaseDelay = NonNegative(baseDelay ?? TimeSpan.FromMilliseconds(250), nameof(baseDelay));
            MaxDelay = NonNegative(maxDelay ?? TimeSpan.FromSeconds(20), nameof(maxDelay));
            TimeBudget = NonNegative(timeBudget ?? TimeSpan.FromMinutes(2), nameof(timeBudget));
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(30);
            if (AttemptTimeout <= TimeSpan.Zero && AttemptTimeout != Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(attemptTimeout), AttemptTimeout, "Use a positive time or Timeout.InfiniteTimeSpan.");
        }

        public int MaxAttempts { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaxDelay { get; }

        public TimeSpan TimeBudget { get; }

        public TimeSpan AttemptTimeout { get; }

        /// <summary>The largest backoff before retry number <paramref name="retry"/> (1 for the first retry).</summary>
        public TimeSpan BackoffCeiling(int retry)
        {
            if (retry < 1) throw new ArgumentOutOfRangeException(nameof(retry), retry, "Retries count from 1.");
            // Double in floating point and clamp, so large retry numbers cannot overflow.
            double ticks = BaseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 62));
            return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
        }

        /// <summary>
        /// Full jitter: a uniform point between zero and the ceiling, so callers throttled together
        /// do not come back together. <paramref name="random"/> is in [0, 1).
        /// </summary>
        public TimeSpan Backoff(int retry, double random)
        {
            if (double.IsNaN(random) || random < 0 || random >= 1)
                throw new ArgumentOutOfRangeException(nameof(random), random, "Expected a value in [0, 1).");
            return TimeSpan.FromTicks((long)(BackoffCeiling(retry).Ticks * random));
        }

        private static TimeSpan NonNegative(TimeSpan value, string name) =>
            value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
    }
}
