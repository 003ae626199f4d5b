using System;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Runs one operation under a <see cref="RetryPolicy"/>, retrying only errors marked retryable, each kind
    /// within its own budget, and paces requests after Throttling (<see cref="ThrottlePacer"/>). Reads
    /// (Describe*) and writes have a pacer each, as AWS throttles them in separate buckets.
    /// </summary>
    internal sealed class RetryRunner
    {
        private readonly RetryPolicy _policy;
        private readonly QueryTransportOptions _options;
        private readonly ThrottlePacer _reads;
        private readonly ThrottlePacer _writes;

        public RetryRunner(RetryPolicy policy, QueryTransportOptions options)
        {
            _policy = policy;
            _options = options;
            _reads = new ThrottlePacer(options.UtcNow, options.Delay);
            _writes = new ThrottlePacer(options.UtcNow, options.Delay);
        }

        /// <summary>The pacer of <paramref name="action"/>'s kind (for tests and narration).</summary>
        public ThrottlePacer PacerFor(string action) => action.StartsWith("Describe", StringComparison.Ordinal) ? _reads : _writes;

        public async Task<T> RunAsync<T>(string action, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
        {
            var pacer = PacerFor(action);
            DateTimeOffset start = _options.UtcNow();
            for (int attemptNumber = 1; ; attemptNumber++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DateTimeOffset sentAt = await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    T result = await attempt(cancellationToken).ConfigureAwait(false);
                    pacer.Succeeded();
                    return result;
                }
                catch (Elbv2Exception error) when (error.IsRetryable)
                {
                    bool throttled = RetryableErrors.IsThrottlingCode(error.ErrorCode);
                    if (throttled) pacer.Throttled(sentAt);
                    RetryBudget budget = _policy.BudgetFor(error);
                    // With a single attempt allowed nothing was retried, so the error stands as it is.
                    if (budget.MaxAttempts == 1 && attemptNumber == 1) throw;
                    if (attemptNumber >= budget.MaxAttempts)
                        throw new Elbv2RetriesExhaustedException(attemptNumber, $"the retry policy allows {budget.MaxAttempts} attempts{(throttled ? " while throttled" : "")}", error);

                    TimeSpan delay = budget.Backoff(attemptNumber, _options.NextRandom());
                    TimeSpan elapsed = _options.UtcNow() - start;
                    if (elapsed + delay > budget.TimeBudget)
                        throw new Elbv2RetriesExhaustedException(attemptNumber, $"another retry would exceed the time budget of {budget.TimeBudget.TotalSeconds:0.###} s", error);

                    _options.OnRetry?.Invoke(new RetryNotice(action, attemptNumber, budget.MaxAttempts, delay, error));
                    // The caller's token ends the wait at once, with OperationCanceledException.
                    await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
