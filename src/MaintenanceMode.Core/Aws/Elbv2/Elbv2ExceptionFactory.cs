using System;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Builds <see cref="Elbv2Exception"/>s with messages that say what happened and what to do.</summary>
    internal static class Elbv2ExceptionFactory
    {
        private const int ExcerptLength = 200;
        private const string ExceptionSuffix = "Exception";

        public static Elbv2Exception ServiceError(
            string action, string serviceName, HttpStatusCode status, string rawCode, string? typeText, string? serviceMessage, string? requestId)
        {
            string code = NormalizeCode(rawCode);
            Elbv2ErrorType type = ParseType(typeText, status);
            var message = new StringBuilder($"{action} failed: {code} (HTTP {(int)status})");
            if (!string.IsNullOrWhiteSpace(serviceMessage)) message.Append(": ").Append(serviceMessage!.Trim().TrimEnd('.')).Append('.');
            else message.Append('.');
            string? advice = Elbv2ErrorAdvice.For(code, action, serviceName);
            if (advice != null) message.Append(' ').Append(advice);
            if (!string.IsNullOrEmpty(requestId)) message.Append(" (request id ").Append(requestId).Append(')');
            return new Elbv2Exception(code, message.ToString(), action, type, status, requestId, serviceMessage,
                RetryableErrors.IsRetryable(code, status));
        }

        public static Elbv2Exception UnexpectedResponse(string action, string serviceName, Uri endpoint, HttpStatusCode status, string? body, Exception? parseError = null)
        {
            string what = string.IsNullOrWhiteSpace(body)
                ? "an empty body"
                : $"a body that is not an AWS response document: \"{Excerpt(body!)}\"";
            string message = $"{action} failed: {endpoint} answered HTTP {(int)status} ({status}) with {what}. "
                + $"Check that the endpoint serves {serviceName}; an emulator may not support this call or these values.";
            return new Elbv2Exception(Elbv2ErrorCodes.UnexpectedResponse, message, action, ParseType(null, status), status,
                isRetryable: RetryableErrors.IsRetryableStatus(status), innerException: parseError);
        }

        public static Elbv2Exception ConnectionFailure(string action, Uri endpoint, Exception error)
        {
            string message = $"{action} could not reach {endpoint}: {Innermost(error).Message.Trim().TrimEnd('.')}. "
                + "Check the endpoint, the network and any proxy settings.";
            return new Elbv2Exception(Elbv2ErrorCodes.ConnectionFailure, message, action, isRetryable: true, innerException: error);
        }

        public static Elbv2Exception Timeout(string action, Uri endpoint, TimeSpan timeout, Exception error)
        {
            string message = $"{action} got no answer from {endpoint} within {timeout.TotalSeconds:0.###} s.";
            return new Elbv2Exception(Elbv2ErrorCodes.Timeout, message, action, isRetryable: true, innerException: error);
        }

        /// <summary>AWS codes sometimes carry the SDK's <c>Exception</c> suffix; the project speaks without it.</summary>
        public static string NormalizeCode(string code)
        {
            code = code.Trim();
            return code.Length > ExceptionSuffix.Length && code.EndsWith(ExceptionSuffix, StringComparison.Ordinal)
                ? code.Substring(0, code.Length - ExceptionSuffix.Length)
                : code;
        }

        // EC2-style errors carry no Type; the status still tells whose fault it is.
        private static Elbv2ErrorType ParseType(string? typeText, HttpStatusCode status)
        {
            if (string.Equals(typeText?.Trim(), "Sender", StringComparison.OrdinalIgnoreCase)) return Elbv2ErrorType.Sender;
            if (string.Equals(typeText?.Trim(), "Receiver", StringComparison.OrdinalIgnoreCase)) return Elbv2ErrorType.Receiver;
            int code = (int)status;
            return code >= 500 ? Elbv2ErrorType.Receiver : code >= 400 ? Elbv2ErrorType.Sender : Elbv2ErrorType.Unknown;
        }

        /// <summary>The readable start of a body: tags dropped, whitespace collapsed, cut to a short length.</summary>
        internal static string Excerpt(string body)
        {
            string text = Regex.Replace(body, "<[^>]*>", " ");
            text = Regex.Replace(text, @"\s+", " ").Trim();
            if (text.Length == 0) text = Regex.Replace(body, @"\s+", " ").Trim();
            return text.Length <= ExcerptLength ? text : text.Substring(0, ExcerptLength) + "...";
        }

        private static Exception Innermost(Exception error)
        {
            while (error.InnerException != null) error = error.InnerException;
            return error;
        }
    }
}
