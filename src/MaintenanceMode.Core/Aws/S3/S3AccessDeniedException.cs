using System;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>S3 refused a request for lack of permission. Error id <c>S3AccessDenied</c>; names the IAM action to grant.</summary>
    public sealed class S3AccessDeniedException : S3StoreException
    {
        public S3AccessDeniedException(string permission, string bucket, string? key, string? kmsPermission, Exception? innerException)
            : base(ErrorIds.S3AccessDenied, BuildMessage(permission, bucket, key, kmsPermission, innerException), bucket, key, innerException)
        {
            Permission = permission;
            KmsPermission = kmsPermission;
        }

        /// <summary>The S3 IAM action that was refused, for example <c>s3:PutObject</c>.</summary>
        public string Permission { get; }

        /// <summary>The KMS action also needed when the object is encrypted with a KMS key, if any.</summary>
        public string? KmsPermission { get; }

        private static string BuildMessage(string permission, string bucket, string? key, string? kmsPermission, Exception? inner)
        {
            string resource = "arn:aws:s3:::" + bucket + (string.IsNullOrEmpty(key) ? string.Empty : "/" + key);
            string kms = kmsPermission == null ? string.Empty : $" Objects encrypted with a KMS key also need {kmsPermission} on that key.";
            // Without s3:ListBucket S3 answers 403 instead of 404 for a missing key, so a denied read may be a missing object.
            string list = permission == "s3:GetObject" ? $" Without s3:ListBucket on arn:aws:s3:::{bucket}, S3 also reports a missing object as access denied." : string.Empty;
            string detail = inner == null ? string.Empty : $" (S3 said: {inner.Message})";
            return $"Access denied: the caller needs {permission} on {resource}.{kms}{list} Grant it in the IAM policy of the identity in use, or check the bucket policy.{detail}";
        }
    }
}
