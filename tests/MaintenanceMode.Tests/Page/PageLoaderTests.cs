using System.IO;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Tests.Page
{
    public sealed class PageLoaderTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "mm-page-" + Guid.NewGuid().ToString("N"));

        public PageLoaderTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        private string WriteFile(string name, byte[] bytes)
        {
            string path = Path.Combine(_folder, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        [Fact]
        public async Task Loads_a_local_file_with_the_type_of_its_extension()
        {
            string path = WriteFile("notice.txt", Encoding.UTF8.GetBytes("Back soon."));

            PageTemplate page = await new PageLoader(null).LoadTemplateAsync(path, null, CancellationToken.None);

            Assert.Equal("Back soon.", page.Content);
            Assert.Equal("text/plain", page.ContentType);
            Assert.Equal(path, page.Source);
        }

        [Fact]
        public async Task An_explicit_type_overrides_the_extension()
        {
            string path = WriteFile("notice.txt", Encoding.UTF8.GetBytes("{}"));

            PageTemplate page = await new PageLoader(null).LoadTemplateAsync(path, "application/json", CancellationToken.None);

            Assert.Equal("application/json", page.ContentType);
        }

        [Fact]
        public async Task A_missing_file_is_PageFileNotFound()
        {
            string path = Path.Combine(_folder, "nope.html");

            var ex = await Assert.ThrowsAsync<PageException>(() => new PageLoader(null).LoadTemplateAsync(path, null, CancellationToken.None));

            Assert.Equal("PageFileNotFound", ex.ErrorId);
            Assert.Contains(path, ex.Message);
        }

        [Fact]
        public async Task A_folder_is_PageFileNotFound()
        {
            var ex = await Assert.ThrowsAsync<PageException>(() => new PageLoader(null).LoadTemplateAsync(_folder, null, CancellationToken.None));

            Assert.Equal(ErrorIds.PageFileNotFound, ex.ErrorId);
            Assert.Contains("folder", ex.Message);
        }

        [Fact]
        public async Task A_file_over_64_KiB_is_refused_as_too_large()
        {
            string path = WriteFile("huge.html", new byte[PageLoader.MaxPageBytes + 1]);

            var ex = await Assert.ThrowsAsync<PageException>(() => new PageLoader(null).LoadTemplateAsync(path, null, CancellationToken.None));

            Assert.Equal(ErrorIds.PageTooLarge, ex.ErrorId);
            Assert.Contains((PageLoader.MaxPageBytes + 1) + " bytes", ex.Message);
        }

        [Fact]
        public async Task A_malformed_s3_location_is_InvalidS3Uri()
        {
            var ex = await Assert.ThrowsAsync<InvalidS3UriException>(() => new PageLoader(new FailingReader(null)).LoadTemplateAsync("s3://bucket-1/pages/", null, CancellationToken.None));

            Assert.Equal("InvalidS3Uri", ex.ErrorId);
        }

        [Fact]
        public async Task Access_denied_in_S3_is_PageAccessDenied_naming_GetObject()
        {
            var denied = new S3AccessDeniedException("s3:GetObject", "bucket-1", "page.html", "kms:Decrypt", new AmazonS3Exception("no", ErrorType.Sender, "AccessDenied", "r", HttpStatusCode.Forbidden));

            var ex = await Assert.ThrowsAsync<PageException>(() => new PageLoader(new FailingReader(denied)).LoadTemplateAsync("s3://bucket-1/page.html", null, CancellationToken.None));

            Assert.Equal("PageAccessDenied", ex.ErrorId);
            Assert.Contains("s3:GetObject", ex.Message);
            Assert.Contains("arn:aws:s3:::bucket-1/page.html", ex.Message);
            Assert.Same(denied, ex.InnerException);
        }

        [Fact]
        public async Task An_S3_object_reported_too_large_is_PageTooLarge()
        {
            var tooLarge = new S3ObjectTooLargeException(S3Uri.Parse("s3://bucket-1/page.html"), 5_000_000, PageLoader.MaxPageBytes);

            var ex = await Assert.ThrowsAsync<PageException>(() => new PageLoader(new FailingReader(tooLarge)).LoadTemplateAsync("s3://bucket-1/page.html", null, CancellationToken.None));

            Assert.Equal(ErrorIds.PageTooLarge, ex.ErrorId);
            Assert.Contains("5000000 bytes", ex.Message);
        }

        // Stands in for S3 when only the translation of its errors is under test.
        private sealed class FailingReader : IS3ObjectReader
        {
            private readonly Exception? _error;

            public FailingReader(Exception? error)
            {
                _error = error;
            }

            public Task<S3ObjectContent> ReadAsync(S3Uri location, long maxBytes, CancellationToken cancellationToken)
            {
                throw _error ?? new InvalidOperationException("S3 should not have been called.");
            }
        }
    }
}
