using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.S3
{
    public sealed class S3UriTests
    {
        [Fact]
        public void Parses_an_object_location()
        {
            S3Uri uri = S3Uri.Parse("s3://my-bucket/pages/maintenance.html");

            Assert.Equal("my-bucket", uri.Bucket);
            Assert.Equal("pages/maintenance.html", uri.Key);
            Assert.False(uri.IsPrefix);
            Assert.Equal("s3://my-bucket/pages/maintenance.html", uri.ToString());
        }

        [Theory]
        [InlineData("s3://my-bucket/snapshots/", "snapshots/")]
        [InlineData("s3://my-bucket/", "")]
        [InlineData("s3://my-bucket", "")]
        [InlineData("  S3://my-bucket/a/b/  ", "a/b/")]
        public void Parses_a_folder_location(string text, string expectedKey)
        {
            S3Uri uri = S3Uri.Parse(text);

            Assert.Equal("my-bucket", uri.Bucket);
            Assert.Equal(expectedKey, uri.Key);
            Assert.True(uri.IsPrefix);
            Assert.Equal("s3://my-bucket/" + expectedKey, uri.ToString());
        }

        [Fact]
        public void ParsePrefix_treats_a_location_without_trailing_slash_as_a_folder()
        {
            Assert.Equal("s3://b-1/snapshots/", S3Uri.ParsePrefix("s3://b-1/snapshots").ToString());
            Assert.Equal("s3://b-1/snapshots/", S3Uri.ParsePrefix("s3://b-1/snapshots/").ToString());
        }

        [Fact]
        public void ParseObject_refuses_a_folder()
        {
            var ex = Assert.Throws<InvalidS3UriException>(() => S3Uri.ParseObject("s3://my-bucket/pages/"));

            Assert.Equal("InvalidS3Uri", ex.ErrorId);
            Assert.Contains("folder", ex.Message);
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("   ", "empty")]
        [InlineData("https://my-bucket.s3.amazonaws.com/page.html", "HTTP URL")]
        [InlineData("my-bucket/page.html", "does not start with s3://")]
        [InlineData("s3:/my-bucket/page.html", "does not start with s3://")]
        [InlineData("s3:///page.html", "bucket name is missing")]
        [InlineData("s3://My-Bucket/page.html", "lowercase")]
        [InlineData("s3://my_bucket/page.html", "lowercase")]
        [InlineData("s3://ab/page.html", "3 to 63")]
        [InlineData("s3://-bucket/page.html", "start and end")]
        [InlineData("s3://my..bucket/page.html", "two dots")]
        [InlineData("s3://192.168.1.10/page.html", "IP address")]
        [InlineData("s3://my-bucket//page.html", "starts with '/'")]
        [InlineData("s3://my-bucket/a\nb", "control character")]
        public void Refuses_anything_else_with_a_reason_and_the_expected_forms(string text, string reason)
        {
            var ex = Assert.Throws<InvalidS3UriException>(() => S3Uri.Parse(text));

            Assert.Equal(ErrorIds.InvalidS3Uri, ex.ErrorId);
            Assert.Contains(reason, ex.Message);
            Assert.Contains("s3://bucket/key", ex.Message);
        }

        [Fact]
        public void Refuses_a_key_longer_than_1024_utf8_bytes()
        {
            Assert.Throws<InvalidS3UriException>(() => S3Uri.Parse("s3://my-bucket/" + new string('é', 513)));
            Assert.Equal(512, S3Uri.Parse("s3://my-bucket/" + new string('é', 512)).Key.Length);
        }

        [Fact]
        public void Append_builds_a_key_below_a_folder_and_refuses_on_an_object()
        {
            Assert.Equal("s3://b-1/x/listeners/a.json", S3Uri.Parse("s3://b-1/x/").Append("listeners/a.json").ToString());
            Assert.Throws<System.InvalidOperationException>(() => S3Uri.Parse("s3://b-1/x").Append("y"));
        }

        [Fact]
        public void Equal_locations_are_equal()
        {
            Assert.Equal(S3Uri.Parse("S3://b-1/k"), S3Uri.Parse("s3://b-1/k"));
            Assert.NotEqual(S3Uri.Parse("s3://b-1/k"), S3Uri.Parse("s3://b-1/K"));
        }
    }
}
