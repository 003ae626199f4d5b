using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using MaintenanceMode.Errors;
using MaintenanceMode.IO;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State
{
    /// <summary>
    /// The durable store of listener snapshots (opaque JSON: their schema belongs to the snapshot code) and of
    /// operation locks, in a folder <c>s3://bucket/prefix/</c> laid out by <see cref="SnapshotLayout"/>.
    /// Writes are conditional so that two operations never overwrite each other: create-only with
    /// <c>If-None-Match: *</c>, replace and delete with <c>If-Match: ETag</c>. Writes ask for no encryption unless
    /// given a KMS key (the bucket's default encrypts them); what S3 answered is kept per key, so a caller can show it.
    /// </summary>
    public sealed class SnapshotStore
    {
        private const string JsonContentType = "application/json; charset=utf-8";

        // S3 answers 409 ConditionalRequestConflict when a conditional write races another; the documented
        // remedy is to retry, and the retry then sees the winner's object (412) or succeeds.
        private const int ConflictAttempts = 3;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly IAmazonS3 _s3;
        private readonly Func<CancellationToken, Task<string?>>? _expectedOwner;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _encryptionSeen =
            new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);

        /// <param name="s3">A constructed client (region, credentials and endpoint already chosen).</param>
        /// <param name="location">The folder, for example <c>s3://bucket/maintenance/</c>.</param>
        /// <param name="encryption">Server-side encryption every write asks for; the bucket's default when null.</param>
        /// <param name="expectedOwner">
        /// The account every request names as the bucket's owner (<c>ExpectedBucketOwner</c>), so that a location
        /// read from a listener tag cannot lead into another account's bucket; none when null or when it yields null.
        /// </param>
        public SnapshotStore(IAmazonS3 s3, S3Uri location, StoreEncryption? encryption = null, Func<CancellationToken, Task<string?>>? expectedOwner = null)
        {
            _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
            Layout = new SnapshotLayout(location);
            Encryption = encryption ?? StoreEncryption.BucketDefault;
            _expectedOwner = expectedOwner;
        }

        public S3Uri Location => Layout.Location;

        public SnapshotLayout Layout { get; }

        public StoreEncryption Encryption { get; }

        private string Bucket => Location.Bucket;

        /// <summary>How S3 said <paramref name="key"/> is encrypted, at this store's last write or read of it; null when unknown or unencrypted.</summary>
        public string? EncryptionOf(string key) => _encryptionSeen.TryGetValue(key, out var seen) ? seen : null;

        /// <summary>Creates the object only if no object has that key.</summary>
        /// <returns>The new object's ETag.</returns>
        /// <exception cref="SnapshotAlreadyExistsException">An object is already there; it is left untouched.</exception>
        public async Task<string> PutNewAsync(string key, string json, CancellationToken cancellationToken)
        {
            return await TryPutNewAsync(key, json, cancellationToken).ConfigureAwait(false)
                ?? throw new SnapshotAlreadyExistsException(Bucket, key);
        }

        /// <summary>The most of an object <see cref="GetAsync"/> reads: far more than any snapshot, record or lock.</summary>
        public const long MaxObjectBytes = 16L * 1024 * 1024;

        /// <summary>Reads an object.</summary>
        /// <returns>Its content and ETag, or null when there is none.</returns>
        public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken)
        {
            CheckKey(key);
            try
            {
                var request = new GetObjectRequest { BucketName = Bucket, Key = key, ExpectedBucketOwner = await OwnerAsync(cancellationToken).ConfigureAwait(false) };
                using (GetObjectResponse response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    // Snapshots, records and locks are small; an object past the bound is not one of them.
                    byte[] bytes = await BoundedFile.ReadStream(response.ResponseStream, MaxObjectBytes, cancellationToken).ConfigureAwait(false)
                        ?? throw new S3ObjectTooLargeException(S3Uri.Parse($"s3://{Bucket}/{key}"), -1, MaxObjectBytes);
                    string? encryption = StoreEncryption.Describe(response.ServerSideEncryptionMethod, response.ServerSideEncryptionKeyManagementServiceKeyId);
                    _encryptionSeen[key] = encryption;
                    using (var reader = new StreamReader(new MemoryStream(bytes), Utf8))
                    {
                        return new StoredObject(key, reader.ReadToEnd(), response.ETag, encryption);
                    }
                }
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey")
            {
                return null;
            }
            catch (AmazonS3Exception ex)
            {
                throw Translate(ex, "s3:GetObject", key, "kms:Decrypt");
            }
        }

        /// <summary>Overwrites an object only if it is still the version the caller read.</summary>
        /// <returns>The new ETag.</returns>
        /// <exception cref="SnapshotChangedException">The object changed or vanished since it was read; nothing was written.</exception>
        public async Task<string> ReplaceAsync(string key, string json, string expectedETag, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(expectedETag)) throw new ArgumentException("The ETag read with the object is required.", nameof(expectedETag));
            CheckKey(key);
            PutObjectRequest request = await NewPutAsync(key, json, cancellationToken).ConfigureAwait(false);
            request.IfMatch = expectedETag;
            try
            {
                return await PutWithConflictRetryAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (IsPreconditionFailed(ex) || ex.ErrorCode == "NoSuchKey")
            {
                throw new SnapshotChangedException(Bucket, key, expectedETag, ex);
            }
            catch (AmazonS3Exception ex)
            {
                throw Translate(ex, "s3:PutObject", key, KmsWritePermission);
            }
        }

        /// <summary>Deletes an object; with <paramref name="expectedETag"/>, only if it is still that version.</summary>
        /// <returns>False when a conditional delete found no object (nothing to delete); true otherwise.</returns>
        /// <exception cref="SnapshotChangedException">The object is a different version than <paramref name="expectedETag"/>; it is left untouched.</exception>
        public async Task<bool> DeleteAsync(string key, string? expectedETag, CancellationToken cancellationToken)
        {
            CheckKey(key);
            var request = new DeleteObjectRequest { BucketName = Bucket, Key = key, ExpectedBucketOwner = await OwnerAsync(cancellationToken).ConfigureAwait(false) };
            if (!string.IsNullOrEmpty(expectedETag))
            {
                request.IfMatch = expectedETag;
            }

            try
            {
                for (int attempt = 1; ; attempt++)
                {
                    try
                    {
                        await _s3.DeleteObjectAsync(request, cancellationToken).ConfigureAwait(false);
                        return true;
                    }
                    catch (AmazonS3Exception ex) when (attempt < ConflictAttempts && IsConflict(ex))
                    {
                        // A conditional delete racing another request: retried as a conditional write is.
                    }
                }
            }
            catch (AmazonS3Exception ex) when (expectedETag != null && IsPreconditionFailed(ex))
            {
                throw new SnapshotChangedException(Bucket, key, expectedETag, ex);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey")
            {
                return false;
            }
            catch (AmazonS3Exception ex)
            {
                throw Translate(ex, "s3:DeleteObject", key, null);
            }
        }

        /// <summary>Create-only write; null when an object is already there (callers decide what that means).</summary>
        internal async Task<string?> TryPutNewAsync(string key, string json, CancellationToken cancellationToken)
        {
            CheckKey(key);
            PutObjectRequest request = await NewPutAsync(key, json, cancellationToken).ConfigureAwait(false);
            request.IfNoneMatch = "*";
            try
            {
                return await PutWithConflictRetryAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (IsPreconditionFailed(ex))
            {
                return null;
            }
            catch (AmazonS3Exception ex)
            {
                throw Translate(ex, "s3:PutObject", key, KmsWritePermission);
            }
        }

        // With the bucket's default, the bucket may use a KMS key too: the hint applies unless AES256 was asked for.
        private string? KmsWritePermission => Encryption.Method == ServerSideEncryptionMethod.AES256 ? null : "kms:GenerateDataKey";

        private async Task<string?> OwnerAsync(CancellationToken cancellationToken) =>
            _expectedOwner == null ? null : await _expectedOwner(cancellationToken).ConfigureAwait(false);

        private async Task<PutObjectRequest> NewPutAsync(string key, string json, CancellationToken cancellationToken)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                ContentBody = json,
                ContentType = JsonContentType,
                ExpectedBucketOwner = await OwnerAsync(cancellationToken).ConfigureAwait(false),
            };
            Encryption.ApplyTo(request);
            return request;
        }

        private async Task<string> PutWithConflictRetryAsync(PutObjectRequest request, CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    PutObjectResponse response = await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
                    _encryptionSeen[request.Key] = StoreEncryption.Describe(response.ServerSideEncryptionMethod, response.ServerSideEncryptionKeyManagementServiceKeyId);
                    return response.ETag;
                }
                catch (AmazonS3Exception ex) when (attempt < ConflictAttempts && IsConflict(ex))
                {
                    // Retry at once: the conflicting request has completed by the time S3 answers.
                }
            }
        }

        private static bool IsConflict(AmazonS3Exception ex) =>
            ex.StatusCode == HttpStatusCode.Conflict || ex.ErrorCode == "ConditionalRequestConflict";

        private static bool IsPreconditionFailed(AmazonS3Exception ex)
        {
            return ex.ErrorCode == "PreconditionFailed" || ex.StatusCode == HttpStatusCode.PreconditionFailed;
        }

        private S3StoreException Translate(AmazonS3Exception ex, string permission, string key, string? kmsPermission)
        {
            S3StoreException translated = S3ErrorTranslator.Translate(ex, permission, Bucket, key, kmsPermission);
            return translated.ErrorId == ErrorIds.S3BucketNotFound
                ? new S3StoreException(
                    ErrorIds.S3BucketNotFound,
                    $"The snapshot bucket '{Bucket}' does not exist. Create it (private, versioning on is recommended) or point the snapshot location at an existing bucket: {Location}",
                    Bucket, key, ex)
                : translated;
        }

        private void CheckKey(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));

            // Keys come from Layout; one from elsewhere is a bug that could overwrite someone else's data.
            if (!Layout.Contains(key))
            {
                throw new ArgumentException($"The key '{key}' is not below the store's folder {Location}; derive keys with SnapshotStore.Layout.", nameof(key));
            }
        }
    }
}
