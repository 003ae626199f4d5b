using System.Net;
using Amazon.S3;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>
    /// Turns an <see cref="AmazonS3Exception"/> into the adapters' typed errors. Precondition failures are not
    /// handled here: what a 412 means depends on the operation, so each caller decides.
    /// </summary>
    internal static class S3ErrorTranslator
    {
        public static S3StoreException Translate(AmazonS3Exception ex, string permission, string bucket, string? key, string? kmsPermission = null)
        {
            string location = "s3://" + bucket + "/" + (key ?? string.Empty);
            switch (ex.ErrorCode)
            {
                case "AccessDenied":
                case "AllAccessDisabled":
                    return new S3AccessDeniedException(permission, bucket, key, kmsPermission, ex);
                case "NoSuchBucket":
                    return new S3StoreException(
                        ErrorIds.S3BucketNotFound,
                        $"The bucket '{bucket}' does not exist (or is in another partition). Check the name in {location}, or create the bucket first.",
                        bucket, key, ex);
                case "NoSuchKey":
                    return new S3StoreException(ErrorIds.S3ObjectNotFound, $"There is no object at {location}.", bucket, key, ex);
            }

            // A HEAD request's error has no body, so only the status tells.
            if (ex.StatusCode == HttpStatusCode.Forbidden)
            {
                return new S3AccessDeniedException(permission, bucket, key, kmsPermission, ex);
            }

            if (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return new S3StoreException(ErrorIds.S3ObjectNotFound, $"There is no object at {location}.", bucket, key, ex);
            }

            return new S3StoreException(
                ErrorIds.S3RequestFailed,
                $"S3 refused the request for {location}: {ex.ErrorCode ?? ((int)ex.StatusCode).ToString()} {ex.Message}",
                bucket, key, ex);
        }
    }
}
