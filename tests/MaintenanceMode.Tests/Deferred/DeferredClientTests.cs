using System.Net.Http;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Tests.Transport;

namespace MaintenanceMode.Tests.Deferred
{
    /// <summary>The clients a command may never use are built on first use, once, and behave as the real ones.</summary>
    public sealed class DeferredClientTests
    {
        [Fact]
        public async Task S3ReaderIsBuiltOnFirstReadOnlyAndThenReused()
        {
            var built = 0;
            var reader = new DeferredS3ObjectReader(() => { built++; return new CountingReader(); });
            Assert.Equal(0, built);

            var location = S3Uri.Parse("s3://bucket/page.html");
            var first = await reader.ReadAsync(location, 1024, CancellationToken.None);
            var second = await reader.ReadAsync(location, 1024, CancellationToken.None);

            Assert.Equal(1, built);
            Assert.Equal("1", first.ETag);
            Assert.Equal("2", second.ETag);
        }

        [Fact]
        public async Task QueryTransportIsBuiltOnFirstCallOnlyAndAnswersAsTheRealOne()
        {
            var built = 0;
            var handler = new FakeHttpHandler()
                .Then(Responses.Success("GetCallerIdentity", "<Arn>arn:aws:iam::123456789012:user/ops</Arn>"))
                .Then(Responses.Success("GetCallerIdentity", "<Arn>arn:aws:iam::123456789012:user/ops</Arn>"));
            var http = new HttpClient(handler);
            var options = new QueryTransportOptions { ServiceName = "sts", ApiVersion = "2011-06-15", RetryPolicy = RetryPolicy.NoRetries };
            using var transport = new DeferredQueryTransport(() => { built++; return new QueryTransport(new Uri("http://127.0.0.1:1/"), http, options); });
            Assert.Equal(0, built);

            var none = Array.Empty<KeyValuePair<string, string>>();
            var result = await transport.InvokeAsync("GetCallerIdentity", none, CancellationToken.None);
            await transport.InvokeAsync("GetCallerIdentity", none, CancellationToken.None);

            Assert.Equal(1, built);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal("GetCallerIdentityResult", result.Name.LocalName);
        }

        [Fact]
        public void DisposingAnUnusedTransportBuildsNothing()
        {
            var built = 0;
            var transport = new DeferredQueryTransport(() => { built++; throw new InvalidOperationException("must not be built"); });
            transport.Dispose();
            Assert.Equal(0, built);
        }

        private sealed class CountingReader : IS3ObjectReader
        {
            private int _reads;

            public Task<S3ObjectContent> ReadAsync(S3Uri location, long maxBytes, CancellationToken cancellationToken) =>
                Task.FromResult(new S3ObjectContent(location, new byte[] { 60 }, "text/html", (++_reads).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
