using System;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// How often and how long one kind of transient error is retried: exponential backoff with full jitter,
    /// bounded both in attempts and in total time since the first attempt.
    /// </summary>
    public sealed class RetryBudget
    {
        /// <param name="maxAttempts">Requests to send at most, the first one included (at least 1).</param>
        /// <param name="baseDelay">Ceiling of the first backoff; doubles with each retry.</param>
        /// <param name="maxDelay">Ceiling of any one backoff.</param>
        /// <param name="timeBudget">No retry starts if its backoff would end after this much time since the first attempt.</param>
        public RetryBudget(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan timeBudget)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt is needed.");
            MaxAttempts = maxAttempts;
            BaseDelay = NonNegative(baseDelay, nameof(baseDelay));
            MaxDelay = NonNegative(maxDelay, nameof(maxDelay));
            TimeBudget = NonNegative(timeBudget, nameof(timeBudget));
        }

        public int MaxAttempts { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaxDelay { get; }

        public TimeSpan TimeBudget { get; }

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

        /// <summary>The most a call can wait in backoff before it gives up (every jitter at its ceiling, the time budget aside).</summary>
        public TimeSpan WorstCaseBackoff()
        {
            var total = TimeSpan.Zero;
            for (var retry = 1; retry < MaxAttempts; retry++) total += BackoffCeiling(retry);
            return total;
        }

        private static TimeSpan NonNegative(TimeSpan value, string name) =>
            value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
    }
}
