using System;
using Amazon.S3;
using Amazon.S3.Model;

namespace MaintenanceMode.State
{
    /// <summary>
    /// What server-side encryption the store's writes ask for. By default none: S3 has encrypted every new
    /// object with the bucket's default (SSE-S3, or SSE-KMS where the bucket says so) since January 2023, and
    /// asking for AES256 explicitly is what a bucket policy requiring aws:kms refuses. A chosen KMS key is
    /// sent as aws:kms with its id.
    /// </summary>
    public sealed class StoreEncryption
    {
        private StoreEncryption(ServerSideEncryptionMethod? method, string? kmsKeyId)
        {
            Method = method;
            KmsKeyId = kmsKeyId;
        }

        /// <summary>No header: the bucket's default encryption applies. The default.</summary>
        public static StoreEncryption BucketDefault { get; } = new StoreEncryption(null, null);

        /// <summary>SSE-S3 (AES256) asked for explicitly.</summary>
        public static StoreEncryption Aes256 { get; } = new StoreEncryption(ServerSideEncryptionMethod.AES256, null);

        /// <summary>SSE-KMS with the given key (id, ARN or alias), or with the account's aws/s3 key when null.</summary>
        public static StoreEncryption Kms(string? kmsKeyId)
        {
            if (kmsKeyId != null && kmsKeyId.Trim().Length == 0)
            {
                throw new ArgumentException("A KMS key id, ARN or alias is required; pass null to use the aws/s3 key.", nameof(kmsKeyId));
            }

            return new StoreEncryption(ServerSideEncryptionMethod.AWSKMS, kmsKeyId?.Trim());
        }

        /// <summary>The method asked for; null when the bucket's default applies.</summary>
        public ServerSideEncryptionMethod? Method { get; }

        public string? KmsKeyId { get; }

        public bool UsesKms => Method == ServerSideEncryptionMethod.AWSKMS;

        internal void ApplyTo(PutObjectRequest request)
        {
            if (Method == null)
            {
                return;
            }

            request.ServerSideEncryptionMethod = Method;
            if (KmsKeyId != null)
            {
                request.ServerSideEncryptionKeyManagementServiceKeyId = KmsKeyId;
            }
        }

        /// <summary>
        /// How S3 says an object is encrypted, in one line: <c>AES256</c>, <c>aws:kms (KEY)</c>; null when it
        /// reported no encryption (no object on AWS since 2023; an emulator's bucket without a default).
        /// </summary>
        public static string? Describe(ServerSideEncryptionMethod? method, string? kmsKeyId)
        {
            if (method == null || string.IsNullOrEmpty(method.Value) || method == ServerSideEncryptionMethod.None)
            {
                return null;
            }

            return string.IsNullOrEmpty(kmsKeyId) ? method.Value : method.Value + " (" + kmsKeyId + ")";
        }

        public override string ToString() => Method == null ? "the bucket's default encryption" : Describe(Method, KmsKeyId)!;
    }
}
