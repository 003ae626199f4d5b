using System.Text;
using Amazon.S3.Model;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Tests.S3
{
    [Collection(MotoCollection.Name)]
    public sealed class PageFromS3Tests(MotoServerFixture moto)
    {
        private readonly PageLoader _loader = new PageLoader(new S3ObjectReader(moto.Client));

        private Task PutAsync(string bucket, string key, byte[] body, string contentType)
        {
            return moto.Client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = new System.IO.MemoryStream(body),
                ContentType = contentType,
            });
        }

        [Fact]
        public async Task Loads_a_page_with_the_content_type_stored_in_S3()
        {
            string bucket = await moto.CreateBucketAsync();
            // The stored type, not the .html extension, decides.
            await PutAsync(bucket, "pages/maintenance.html", Encoding.UTF8.GetBytes("Wartung – bald zurück."), "text/plain; charset=utf-8");

            PageTemplate page = await _loader.LoadTemplateAsync($"s3://{bucket}/pages/maintenance.html", null, CancellationToken.None);

            Assert.Equal("Wartung – bald zurück.", page.Content);
            Assert.Equal("text/plain", page.ContentType);
            Assert.Equal($"s3://{bucket}/pages/maintenance.html", page.Source);
        }

        [Fact]
        public async Task A_page_stored_with_a_type_alb_refuses_is_UnsupportedContentType()
        {
            string bucket = await moto.CreateBucketAsync();
            await PutAsync(bucket, "page.html", Encoding.UTF8.GetBytes("<p>x</p>"), "image/png");

            var ex = await Assert.ThrowsAsync<PageException>(() => _loader.LoadTemplateAsync($"s3://{bucket}/page.html", null, CancellationToken.None));

            Assert.Equal(ErrorIds.UnsupportedContentType, ex.ErrorId);
        }

        [Fact]
        public async Task A_missing_key_is_PageNotFound()
        {
            string bucket = await moto.CreateBucketAsync();

            var ex = await Assert.ThrowsAsync<PageException>(() => _loader.LoadTemplateAsync($"s3://{bucket}/nope.html", null, CancellationToken.None));

            Assert.Equal("PageNotFound", ex.ErrorId);
            Assert.Contains("nope.html", ex.Message);
        }

        [Fact]
        public async Task A_missing_bucket_is_PageBucketNotFound()
        {
            string bucket = MotoServerFixture.MissingBucketName();

            var ex = await Assert.ThrowsAsync<PageException>(() => _loader.LoadTemplateAsync($"s3://{bucket}/page.html", null, CancellationToken.None));

            Assert.Equal("PageBucketNotFound", ex.ErrorId);
            Assert.Contains(bucket, ex.Message);
        }

        [Fact]
        public async Task An_object_over_64_KiB_is_refused_as_PageTooLarge()
        {
            string bucket = await moto.CreateBucketAsync();
            await PutAsync(bucket, "big.html", new byte[200_000], "text/html");

            var ex = await Assert.ThrowsAsync<PageException>(() => _loader.LoadTemplateAsync($"s3://{bucket}/big.html", null, CancellationToken.None));

            Assert.Equal(ErrorIds.PageTooLarge, ex.ErrorId);
            Assert.Contains("200000 bytes", ex.Message);
        }

        [Fact]
        public async Task An_object_with_a_bom_and_1025_characters_is_PageTooLarge_with_the_overshoot()
        {
            string bucket = await moto.CreateBucketAsync();
            byte[] body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(new string('ü', 1025)));
            await PutAsync(bucket, "page.html", body, "text/html");

            // As Enable-Maintenance serves it: loaded as a template, then rendered and held to the limit.
            PageTemplate template = await _loader.LoadTemplateAsync($"s3://{bucket}/page.html", null, CancellationToken.None);
            var ex = Assert.Throws<PageException>(() => PageRenderer.Render(template, null, null, DateTimeOffset.UtcNow));

            Assert.Equal(ErrorIds.PageTooLarge, ex.ErrorId);
            Assert.Contains("1 over", ex.Message);
        }
    }

    internal static class ByteArrayExtensions
    {
        public static byte[] Concat(this byte[] first, byte[] second)
        {
            var result = new byte[first.Length + second.Length];
            first.CopyTo(result, 0);
            second.CopyTo(result, first.Length);
            return result;
        }
    }
}
