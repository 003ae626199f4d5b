using System;
using Amazon.S3;
using Amazon.S3.Model;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>
    /// The server-side encryption every write of the store asks for. Snapshots hold rule configurations
    /// (hosts, paths, target groups), so they are never written unencrypted even into a bucket without default encryption.
    /// </summary>
    public sealed class StoreEncryption
    {
        private StoreEncryption(ServerSideEncryptionMethod method, string? kmsKeyId)
        {
            Method = method;
            KmsKeyId = kmsKeyId;
        }

        /// <summary>SSE-S3 (AES256): needs no extra permission. The default.</summary>
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

        public ServerSideEncryptionMethod Method { get; }

        public string? KmsKeyId { get; }

        public bool UsesKms => Method == ServerSideEncryptionMethod.AWSKMS;

        internal void ApplyTo(PutObjectRequest request)
        {
            request.ServerSideEncryptionMethod = Method;
            if (KmsKeyId != null)
            {
                request.ServerSideEncryptionKeyManagementServiceKeyId = KmsKeyId;
            }
        }

        public override string ToString() => KmsKeyId == null ? Method.Value : Method.Value + " (" + KmsKeyId + ")";
    }
}
