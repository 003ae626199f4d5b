using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>Reads small objects with GetObject, refusing large ones from the Content-Length before reading the body.</summary>
    public sealed class S3ObjectReader : IS3ObjectReader
    {
        private readonly IAmazonS3 _s3;
        private readonly Func<CancellationToken, Task<string?>>? _expectedOwner;

        /// <param name="expectedOwner">
        /// The account named as the bucket's owner on every read (<c>ExpectedBucketOwner</c>): a page must be in a
        /// bucket of the caller's account, as the state is; none when null or when it yields null.
        /// </param>
        public S3ObjectReader(IAmazonS3 s3, Func<CancellationToken, Task<string?>>? expectedOwner = null)
        {
            _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
            _expectedOwner = expectedOwner;
        }

        public async Task<S3ObjectContent> ReadAsync(S3Uri location, long maxBytes, CancellationToken cancellationToken)
        {
            if (location == null) throw new ArgumentNullException(nameof(location));
            if (location.IsPrefix) throw new ArgumentException($"{location} is a folder, not an object.", nameof(location));

            string? owner = _expectedOwner == null ? null : await _expectedOwner(cancellationToken).ConfigureAwait(false);
            GetObjectResponse response;
            try
            {
                // GetObject rather than HeadObject first: one request, and its error body tells a missing
                // bucket from a missing key (a HEAD 404 cannot).
                response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = location.Bucket, Key = location.Key, ExpectedBucketOwner = owner }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex)
            {
                throw S3ErrorTranslator.Translate(ex, "s3:GetObject", location.Bucket, location.Key, "kms:Decrypt");
            }

            using (response)
            {
                long declared = response.Headers.ContentLength;
                if (declared > maxBytes)
                {
                    throw new S3ObjectTooLargeException(location, declared, maxBytes);
                }

                byte[] bytes = await ReadBoundedAsync(response.ResponseStream, maxBytes, cancellationToken).ConfigureAwait(false)
                    ?? throw new S3ObjectTooLargeException(location, -1, maxBytes);
                return new S3ObjectContent(location, bytes, response.Headers.ContentType, response.ETag);
            }
        }

        // Never trusts Content-Length alone: stops after maxBytes + 1 and returns null when the body is longer.
        private static async Task<byte[]?> ReadBoundedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
        {
            using (var buffer = new MemoryStream())
            {
                byte[] chunk = new byte[8192];
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > maxBytes)
                    {
                        return null;
                    }
                }

                return buffer.ToArray();
            }
        }
    }
}
