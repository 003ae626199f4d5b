using System;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Runs one operation under a <see cref="RetryPolicy"/>, retrying only errors marked retryable.</summary>
    internal sealed class RetryRunner
    {
        private readonly RetryPolicy _policy;
        private readonly QueryTransportOptions _options;

        public RetryRunner(RetryPolicy policy, QueryTransportOptions options)
        {
            _policy = policy;
            _options = options;
        }

        public async Task<T> RunAsync<T>(string action, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
        {
            DateTimeOffset start = _options.UtcNow();
            for (int attemptNumber = 1; ; attemptNumber++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    return await attempt(cancellationToken).ConfigureAwait(false);
                }
                catch (Elbv2Exception error) when (error.IsRetryable)
                {
                    // With a single attempt allowed nothing was retried, so the error stands as it is.
                    if (_policy.MaxAttempts == 1) throw;
                    if (attemptNumber >= _policy.MaxAttempts)
                        throw new Elbv2RetriesExhaustedException(attemptNumber, $"the retry policy allows {_policy.MaxAttempts} attempts", error);

                    TimeSpan delay = _policy.Backoff(attemptNumber, _options.NextRandom());
                    TimeSpan elapsed = _options.UtcNow() - start;
                    if (elapsed + delay > _policy.TimeBudget)
                        throw new Elbv2RetriesExhaustedException(attemptNumber, $"another retry would exceed the time budget of {_policy.TimeBudget.TotalSeconds:0.###} s", error);

                    _options.OnRetry?.Invoke(new RetryNotice(action, attemptNumber, _policy.MaxAttempts, delay, error));
                    // The caller's token ends the wait at once, with OperationCanceledException.
                    await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
