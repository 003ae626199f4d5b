using System;
using MaintenanceMode.Aws;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Pages;
using MaintenanceMode.Errors;
using MaintenanceMode.State.Locks;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// Turns any exception of the core or of AWS into a stable id, a kind and a message, so the
    /// cmdlets (which may not name AWSSDK types) build ErrorRecords in one way.
    /// </summary>
    public static class ErrorTranslator
    {
        public static MaintenanceModeException Translate(Exception error)
        {
            switch (error)
            {
                case MaintenanceModeException known:
                    return known;
                case PageException page:
                    return new MaintenanceModeException(page.ErrorId, page.Message, page);
                case LockHeldException held:
                    return new MaintenanceModeException(ErrorIds.MaintenanceInProgress,
                        $"Another maintenance run holds the lock on this listener ({held.Holder?.ToString() ?? "holder unknown"}). Nothing was changed. Wait for it to finish and retry. "
                        + (held.Holder?.ExpiresAt is DateTimeOffset expires ? $"If that run died on another machine, its lock expires by itself at {expires.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; to go on sooner, " : "If that run died on another machine, ")
                        + $"once you are sure it no longer runs, remove the lock with Unlock-Maintenance (or delete s3://{held.Bucket}/{held.Key}). A run on the same machine clears a dead run's lock by itself.", held);
                case S3AccessDeniedException denied:
                    return new MaintenanceModeException(denied.ErrorId, denied.Message, denied);
                case S3StoreException store:
                    return new MaintenanceModeException(store.ErrorId, store.Message, store);
                case InvalidS3UriException uri:
                    return new MaintenanceModeException(uri.ErrorId, uri.Message, uri);
                case AwsSessionException session:
                    return new MaintenanceModeException(session.ErrorId, session.Message, session);
                case Elbv2Exception elb:
                    return new MaintenanceModeException("Elbv2." + elb.ErrorCode, KindOfElb(elb), elb.Message, elb);
                case OperationCanceledException canceled:
                    return new MaintenanceModeException(ErrorIds.OperationStopped, "The command was stopped.", canceled);
                default:
                    if (error.GetType().FullName == "Amazon.S3.AmazonS3Exception" || error is Amazon.Runtime.AmazonServiceException)
                    {
                        var aws = (Amazon.Runtime.AmazonServiceException)error;
                        var kind = aws.StatusCode == System.Net.HttpStatusCode.Forbidden ? ErrorKind.PermissionDenied : ErrorKind.NotSpecified;
                        return new MaintenanceModeException("Aws." + (aws.ErrorCode ?? "Error"), kind, aws.Message, aws);
                    }

                    return new MaintenanceModeException(ErrorIds.UnexpectedError, error.Message, error);
            }
        }

        private static ErrorKind KindOfElb(Elbv2Exception elb)
        {
            if (elb.ErrorCode.IndexOf(Elbv2ErrorCodes.AccessDenied, StringComparison.OrdinalIgnoreCase) >= 0 || elb.ErrorCode == Elbv2ErrorCodes.UnauthorizedOperation)
            {
                return ErrorKind.PermissionDenied;
            }

            if (elb.ErrorCode.EndsWith("NotFound", StringComparison.Ordinal))
            {
                return ErrorKind.ObjectNotFound;
            }

            if (elb.ErrorCode.StartsWith("TooMany", StringComparison.Ordinal))
            {
                return ErrorKind.LimitsExceeded;
            }

            if (elb.ErrorCode == Elbv2ErrorCodes.ConnectionFailure || elb.ErrorCode == Elbv2ErrorCodes.Timeout)
            {
                return ErrorKind.ConnectionError;
            }

            return elb.ErrorCode.IndexOf("Signature", StringComparison.OrdinalIgnoreCase) >= 0 || elb.ErrorCode.IndexOf("Token", StringComparison.OrdinalIgnoreCase) >= 0
                ? ErrorKind.AuthenticationError
                : ErrorKind.NotSpecified;
        }
    }
}
