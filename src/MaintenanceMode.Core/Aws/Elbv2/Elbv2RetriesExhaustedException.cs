using System;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// A transient error kept coming back until the retry policy ran out of attempts or time.
    /// Carries the code, status and request id of the last error, so callers can treat it like that error.
    /// </summary>
    public sealed class Elbv2RetriesExhaustedException : Elbv2Exception
    {
        public Elbv2RetriesExhaustedException(int attempts, string reason, Elbv2Exception lastError)
            : base(
                (lastError ?? throw new ArgumentNullException(nameof(lastError))).ErrorCode,
                $"{lastError.Action} gave up after {attempts} attempt{(attempts == 1 ? "" : "s")} ({reason}). Last error: {lastError.Message}",
                lastError.Action,
                lastError.ErrorType,
                lastError.HttpStatusCode,
                lastError.RequestId,
                lastError.ServiceMessage,
                lastError.IsRetryable,
                lastError)
        {
            Attempts = attempts;
            Reason = reason ?? throw new ArgumentNullException(nameof(reason));
            LastError = lastError;
        }

        /// <summary>How many requests were sent, the first one included.</summary>
        public int Attempts { get; }

        /// <summary>Why retrying stopped: the attempt limit or the time budget.</summary>
        public string Reason { get; }

        /// <summary>The error of the last attempt (also the <see cref="Exception.InnerException"/>).</summary>
        public Elbv2Exception LastError { get; }
    }
}
