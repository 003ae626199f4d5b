using System;
using System.Net;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// An ELBv2 (or other Query-protocol) call failed: AWS answered with an error document, the answer
    /// was not understood, or the endpoint could not be reached.
    /// </summary>
    public class Elbv2Exception : Exception
    {
        /// <param name="errorCode">The AWS error code without an <c>Exception</c> suffix (<c>PriorityInUse</c>), or one of <see cref="Elbv2ErrorCodes"/>.</param>
        /// <param name="message">What happened and, where it helps, what to do.</param>
        /// <param name="action">The API action that failed (<c>CreateRule</c>).</param>
        /// <param name="errorType">Sender or Receiver, from the error document.</param>
        /// <param name="httpStatusCode">The HTTP status, or null when no response arrived.</param>
        /// <param name="requestId">The AWS request id, for a support case.</param>
        /// <param name="serviceMessage">The message AWS sent, verbatim.</param>
        /// <param name="isRetryable">Whether the same request may succeed if sent again later.</param>
        /// <param name="innerException">The transport exception behind a connection failure or timeout.</param>
        public Elbv2Exception(
            string errorCode,
            string message,
            string action,
            Elbv2ErrorType errorType = Elbv2ErrorType.Unknown,
            HttpStatusCode? httpStatusCode = null,
            string? requestId = null,
            string? serviceMessage = null,
            bool isRetryable = false,
            Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorCode = errorCode ?? throw new ArgumentNullException(nameof(errorCode));
            Action = action ?? throw new ArgumentNullException(nameof(action));
            ErrorType = errorType;
            HttpStatusCode = httpStatusCode;
            RequestId = requestId;
            ServiceMessage = serviceMessage;
            IsRetryable = isRetryable;
        }

        /// <summary>The AWS error code without the <c>Exception</c> suffix (<c>PriorityInUse</c>), or one of <see cref="Elbv2ErrorCodes"/>.</summary>
        public string ErrorCode { get; }

        /// <summary>Sender or Receiver; Unknown when there was no AWS error document.</summary>
        public Elbv2ErrorType ErrorType { get; }

        /// <summary>The HTTP status of the response; null when no response arrived.</summary>
        public HttpStatusCode? HttpStatusCode { get; }

        /// <summary>The AWS request id, when the service sent one.</summary>
        public string? RequestId { get; }

        /// <summary>The API action that failed.</summary>
        public string Action { get; }

        /// <summary>The message AWS sent, verbatim; null when there was none.</summary>
        public string? ServiceMessage { get; }

        /// <summary>
        /// Whether the error is transient (throttling, a 5xx, a broken connection). The transport has
        /// already retried such errors as far as its retry policy allows.
        /// </summary>
        public bool IsRetryable { get; }
    }
}
