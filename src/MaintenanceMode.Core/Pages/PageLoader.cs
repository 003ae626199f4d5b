using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.IO;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// Loads a maintenance page from an s3:// location or a local file as a <see cref="PageTemplate"/>, which
    /// <see cref="PageRenderer"/> fills and holds to ALB's limit. Every failure is a <see cref="PageException"/> whose message says what to do.
    /// </summary>
    public sealed class PageLoader
    {
        /// <summary>
        /// Larger objects are refused unread: 1024 characters take at most 4 KiB of UTF-8, so anything past
        /// this cannot be a valid page, and reading it whole would only cost memory and time.
        /// </summary>
        public const long MaxPageBytes = 64 * 1024;

        private readonly IS3ObjectReader? _s3;

        /// <param name="s3">Reads pages kept in S3; null when only local files are to be loaded.</param>
        public PageLoader(IS3ObjectReader? s3)
        {
            _s3 = s3;
        }

        /// <summary>
        /// Loads a page template from <c>s3://bucket/key</c> or a file path. A page over ALB's 1024 characters is not
        /// refused here, since rendering may minify it under the limit (<see cref="PageRenderer"/> checks the result).
        /// A relative path is resolved against the process's current directory, which in PowerShell is not the
        /// current location: callers resolve it first. An explicit <paramref name="contentType"/> overrides the
        /// stored one and the extension.
        /// </summary>
        /// <exception cref="PageException">The page cannot be read, is not UTF-8, is empty or has a type ALB refuses.</exception>
        /// <exception cref="InvalidS3UriException">An s3:// location that is malformed or names a folder.</exception>
        public async Task<PageTemplate> LoadTemplateAsync(string location, string? contentType, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(location)) throw new ArgumentException("A page location is required.", nameof(location));

            if (S3Uri.LooksLikeS3Uri(location))
            {
                var s3Uri = S3Uri.ParseObject(location);
                var stored = await ReadFromS3Async(s3Uri, cancellationToken).ConfigureAwait(false);
                return PageTemplate.FromBytes(stored.Bytes, s3Uri.ToString(), contentType ?? stored.ContentType);
            }

            return PageTemplate.FromBytes(ReadFile(location), location, contentType);
        }

        private async Task<S3ObjectContent> ReadFromS3Async(S3Uri location, CancellationToken cancellationToken)
        {
            if (location == null) throw new ArgumentNullException(nameof(location));
            if (_s3 == null) throw new InvalidOperationException("This PageLoader was created without S3 access, so it cannot load " + location + ".");

            string source = location.ToString();
            S3ObjectContent content;
            try
            {
                content = await _s3.ReadAsync(location, MaxPageBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (S3ObjectTooLargeException ex)
            {
                throw TooManyBytes(source, ex.Size, ex);
            }
            catch (S3AccessDeniedException ex)
            {
                throw new PageException(
                    ErrorIds.PageAccessDenied,
                    source,
                    $"Cannot read the maintenance page {source}: access denied. The caller needs s3:GetObject on arn:aws:s3:::{location.Bucket}/{location.Key} " +
                    "(and kms:Decrypt if the object is encrypted with a KMS key). Without s3:ListBucket on the bucket, S3 also reports a missing key as access denied, so check the key too. " +
                    "Grant the permission, or pass a local file instead.",
                    ex);
            }
            catch (S3StoreException ex) when (ex.ErrorId == ErrorIds.S3BucketNotFound)
            {
                throw new PageException(
                    ErrorIds.PageBucketNotFound,
                    source,
                    $"Cannot read the maintenance page {source}: the bucket '{location.Bucket}' does not exist. Check the bucket name, or upload the page to an existing bucket.",
                    ex);
            }
            catch (S3StoreException ex) when (ex.ErrorId == ErrorIds.S3ObjectNotFound)
            {
                throw new PageException(
                    ErrorIds.PageNotFound,
                    source,
                    $"Cannot read the maintenance page {source}: there is no object with key '{location.Key}' in bucket '{location.Bucket}'. Check the key (keys are case-sensitive), or upload the page first.",
                    ex);
            }

            return content;
        }

        private static byte[] ReadFile(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));

            var file = new FileInfo(path);
            if (!file.Exists)
            {
                string reason = Directory.Exists(path) ? "it is a folder, not a file" : "the file does not exist";
                throw new PageException(
                    ErrorIds.PageFileNotFound,
                    path,
                    $"Cannot read the maintenance page {path}: {reason}. Check the path, or give an s3://bucket/key location.");
            }

            if (file.Length > MaxPageBytes)
            {
                throw TooManyBytes(path, file.Length, null);
            }

            // The length above says nothing of a FIFO, a device or a file that grows: the read is bounded too.
            try
            {
                return BoundedFile.ReadAllBytes(file.FullName, MaxPageBytes);
            }
            catch (BoundedReadException ex) when (ex.TooLarge)
            {
                throw TooManyBytes(path, -1, ex);
            }
            catch (BoundedReadException ex)
            {
                throw new PageException(ErrorIds.PageNotARegularFile, path,
                    $"Cannot read the maintenance page: {ex.Reason}. Save the page to a file and give that file's path.", ex);
            }
            catch (FileNotFoundException ex)
            {
                throw new PageException(ErrorIds.PageFileNotFound, path, $"Cannot read the maintenance page {path}: the file disappeared while it was read.", ex);
            }
        }

        private static PageException TooManyBytes(string source, long size, Exception? inner)
        {
            string sizeText = size < 0 ? $"more than {MaxPageBytes} bytes" : $"{size} bytes";
            return new PageException(
                ErrorIds.PageTooLarge,
                source,
                $"The maintenance page {source} is {sizeText}, far over the {RuleLimits.MaxMessageBodyCharacters} characters an ALB fixed response allows, so it was not read. " +
                "Minify it or host the page elsewhere and use -RedirectUrl.",
                inner);
        }
    }
}
