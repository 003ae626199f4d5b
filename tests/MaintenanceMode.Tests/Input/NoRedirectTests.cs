using Amazon;
using SessionAWSCredentials = Amazon.Runtime.SessionAWSCredentials;
using MaintenanceMode.Aws;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Tests.Session;

namespace MaintenanceMode.Tests.Input
{
    /// <summary>
    /// An endpoint that answers 307 must not get the signed request (bypass secrets in its body, the session
    /// token in its headers) sent on to the host the Location names: neither ELBv2/STS nor S3 follows it.
    /// </summary>
    public sealed class NoRedirectTests : IDisposable
    {
        private readonly LoopbackHttpServer _elsewhere = LoopbackHttpServer.Answering("200 OK", "Content-Type: text/xml\r\n", "<ok/>");
        private readonly LoopbackHttpServer _redirecting;

        public NoRedirectTests()
        {
            _redirecting = LoopbackHttpServer.Answering("307 Temporary Redirect", $"Location: {_elsewhere.Url}collect\r\n");
        }

        [Fact]
        public async Task The_query_transport_does_not_follow_a_307()
        {
            using var transport = QueryTransport.Create(_redirecting.Url, new SessionAWSCredentials("AKIDEXAMPLE", "secret", "session-token"),
                RegionEndpoint.USEast1, new QueryTransportOptions { RetryPolicy = RetryPolicy.NoRetries });

            await Assert.ThrowsAnyAsync<Exception>(() => transport.InvokeAsync("CreateRule",
                new[] { new KeyValuePair<string, string>("Conditions.member.1.HttpHeaderConfig.Values.member.1", "the-bypass-secret") }, CancellationToken.None));

            Assert.Single(_redirecting.Requests);
            Assert.Empty(_elsewhere.Requests);
        }

        [Fact]
        public async Task The_S3_client_does_not_follow_a_307()
        {
            var session = new FakeSessionEnvironment { DefaultCredentials = () => new SessionAWSCredentials("AKIDEXAMPLE", "secret", "session-token") }
                .WithVariable("AWS_REGION", "us-east-1")
                .Resolve(new AwsSessionOptions { EndpointUrl = _redirecting.Url });
            using var s3 = session.CreateS3Client();

            await Assert.ThrowsAnyAsync<Exception>(() => s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = "state-bucket",
                Key = "maintenance-mode/listeners/x.json",
                ContentBody = "{\"secret\":\"the-bypass-secret\"}",
            }));

            Assert.NotEmpty(_redirecting.Requests);
            Assert.Empty(_elsewhere.Requests);
        }

        [Fact]
        public async Task The_S3_client_does_not_follow_a_307_on_a_read()
        {
            var session = new FakeSessionEnvironment { DefaultCredentials = () => new SessionAWSCredentials("AKIDEXAMPLE", "secret", "session-token") }
                .WithVariable("AWS_REGION", "us-east-1")
                .Resolve(new AwsSessionOptions { EndpointUrl = _redirecting.Url });
            using var s3 = session.CreateS3Client();

            await Assert.ThrowsAnyAsync<Exception>(() => s3.GetObjectAsync("state-bucket", "maintenance-mode/listeners/x.json"));

            Assert.NotEmpty(_redirecting.Requests);
            Assert.Empty(_elsewhere.Requests);
        }

        public void Dispose()
        {
            _redirecting.Dispose();
            _elsewhere.Dispose();
        }
    }
}
