using System;
using System.Threading;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// How often and how long to retry transient errors. Throttling has a budget of its own: an account's
    /// API rate is shared, and a long plan (a bypass over many rules) under sustained throttling must still
    /// finish, so a throttled call waits longer and more often than one that met a 500 or a reset; and a
    /// Throttling answer also slows the transport's own send rate (<see cref="ThrottlePacer"/>), so the
    /// calls after it stop spending their attempts against a bucket that is empty.
    /// </summary>
    public sealed class RetryPolicy
    {
        /// <summary>
        /// Other transient errors (500, 503, resets, timeouts): 5 attempts, 250 ms base delay, 20 s cap, 2 minutes.
        /// Throttling: 10 attempts, 500 ms base delay, 5 s cap, 3 minutes, with the send rate paced.
        /// </summary>
        public static RetryPolicy Default { get; } = new RetryPolicy(
            throttling: new RetryBudget(10, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3)));

        /// <summary>One attempt: transient errors surface at once.</summary>
        public static RetryPolicy NoRetries { get; } = new RetryPolicy(maxAttempts: 1);

        /// <summary>
        /// For tab completion, which must answer within a couple of seconds or not at all: a throttled or
        /// failed read is tried twice more after short pauses, never past a second and a half in all.
        /// </summary>
        public static RetryPolicy Completion { get; } = new RetryPolicy(
            maxAttempts: 3, baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromMilliseconds(400),
            timeBudget: TimeSpan.FromSeconds(1.5), attemptTimeout: TimeSpan.FromSeconds(2));

        /// <param name="maxAttempts">Requests to send at most, the first one included (at least 1).</param>
        /// <param name="baseDelay">Ceiling of the first backoff; doubles with each retry.</param>
        /// <param name="maxDelay">Ceiling of any one backoff.</param>
        /// <param name="timeBudget">No retry starts if its backoff would end after this much time since the first attempt.</param>
        /// <param name="attemptTimeout">How long one request may take before it counts as a (retryable) timeout; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
        /// <param name="throttling">The budget for throttling errors; by default the same as for the others.</param>
        public RetryPolicy(
            int maxAttempts = 5,
            TimeSpan? baseDelay = null,
            TimeSpan? maxDelay = null,
            TimeSpan? timeBudget = null,
            TimeSpan? attemptTimeout = null,
            RetryBudget? throttling = null)
        {
            Transient = new RetryBudget(
                maxAttempts,
                baseDelay ?? TimeSpan.FromMilliseconds(250),
                maxDelay ?? TimeSpan.FromSeconds(20),
                timeBudget ?? TimeSpan.FromMinutes(2));
            Throttling = throttling ?? Transient;
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(30);
            if (AttemptTimeout <= TimeSpan.Zero && AttemptTimeout != Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(attemptTimeout), AttemptTimeout, "Use a positive time or Timeout.InfiniteTimeSpan.");
        }

        /// <summary>The budget for transient errors other than throttling.</summary>
        public RetryBudget Transient { get; }

        /// <summary>The budget for throttling errors (<see cref="RetryableErrors.IsThrottlingCode"/>).</summary>
        public RetryBudget Throttling { get; }

        /// <summary>The budget that applies to <paramref name="error"/>.</summary>
        public RetryBudget BudgetFor(Elbv2Exception error) =>
            RetryableErrors.IsThrottlingCode(error.ErrorCode) ? Throttling : Transient;

        public int MaxAttempts => Transient.MaxAttempts;

        public TimeSpan BaseDelay => Transient.BaseDelay;

        public TimeSpan MaxDelay => Transient.MaxDelay;

        public TimeSpan TimeBudget => Transient.TimeBudget;

        public TimeSpan AttemptTimeout { get; }

        /// <summary>The largest backoff before retry number <paramref name="retry"/> of a non-throttling error.</summary>
        public TimeSpan BackoffCeiling(int retry) => Transient.BackoffCeiling(retry);

        /// <summary>Full jitter for a non-throttling error: see <see cref="RetryBudget.Backoff"/>.</summary>
        public TimeSpan Backoff(int retry, double random) => Transient.Backoff(retry, random);
    }
}
