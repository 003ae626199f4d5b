using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.S3
{
    // moto does not enforce IAM here, so the AccessDenied mapping is checked with the SDK's own exception type.
    public sealed class S3ErrorTranslatorTests
    {
        private static AmazonS3Exception S3Error(string? code, HttpStatusCode status) =>
            new AmazonS3Exception("S3 said no", ErrorType.Sender, code, "request-1", status);

        [Fact]
        public void AccessDenied_names_the_permission_and_the_resource()
        {
            S3StoreException ex = S3ErrorTranslator.Translate(S3Error("AccessDenied", HttpStatusCode.Forbidden), "s3:PutObject", "bucket-1", "m/locks/x.json", "kms:GenerateDataKey");

            var denied = Assert.IsType<S3AccessDeniedException>(ex);
            Assert.Equal("S3AccessDenied", denied.ErrorId);
            Assert.Equal("s3:PutObject", denied.Permission);
            Assert.Contains("s3:PutObject on arn:aws:s3:::bucket-1/m/locks/x.json", denied.Message);
            Assert.Contains("kms:GenerateDataKey", denied.Message);
        }

        [Fact]
        public void A_denied_read_mentions_that_a_missing_key_looks_the_same_without_ListBucket()
        {
            S3StoreException ex = S3ErrorTranslator.Translate(S3Error("AccessDenied", HttpStatusCode.Forbidden), "s3:GetObject", "bucket-1", "k", null);

            Assert.Contains("s3:ListBucket", ex.Message);
        }

        [Fact]
        public void A_bodiless_403_is_access_denied_and_a_bodiless_404_a_missing_object()
        {
            Assert.IsType<S3AccessDeniedException>(S3ErrorTranslator.Translate(S3Error(null, HttpStatusCode.Forbidden), "s3:GetObject", "b-1", "k"));
            Assert.Equal(ErrorIds.S3ObjectNotFound, S3ErrorTranslator.Translate(S3Error(null, HttpStatusCode.NotFound), "s3:GetObject", "b-1", "k").ErrorId);
        }

        [Fact]
        public void Other_errors_keep_the_code()
        {
            S3StoreException ex = S3ErrorTranslator.Translate(S3Error("SlowDown", HttpStatusCode.ServiceUnavailable), "s3:PutObject", "b-1", "k");

            Assert.Equal(ErrorIds.S3RequestFailed, ex.ErrorId);
            Assert.Contains("SlowDown", ex.Message);
        }
    }
}
