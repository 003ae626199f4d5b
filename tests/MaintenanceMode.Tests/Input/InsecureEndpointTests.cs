using MaintenanceMode.Aws;
using MaintenanceMode.Tests.Session;

namespace MaintenanceMode.Tests.Input
{
    /// <summary>Plain http:// carries signed requests, session tokens and bypass secrets readable: loopback only, unless asked.</summary>
    public sealed class InsecureEndpointTests
    {
        private static FakeSessionEnvironment Env() => new FakeSessionEnvironment
        {
            DefaultCredentials = () => new Amazon.Runtime.BasicAWSCredentials("AKID", "secret"),
        }.WithVariable("AWS_REGION", "us-east-1");

        [Theory]
        [InlineData("http://10.0.0.5:4566")]
        [InlineData("http://elasticloadbalancing.us-east-1.amazonaws.com")]
        [InlineData("http://localstack.internal:4566")]
        [InlineData("http://127.example.com")]
        public void Refuses_http_to_a_host_that_is_not_loopback(string url)
        {
            var error = Assert.Throws<AwsSessionException>(() => Env().Resolve(new AwsSessionOptions { EndpointUrl = new Uri(url) }));

            Assert.Equal("InsecureEndpoint", error.ErrorId);
            Assert.Contains("-AllowInsecureEndpoint", error.Message);
            Assert.Contains("-EndpointUrl", error.Message);
        }

        [Theory]
        [InlineData("AWS_ENDPOINT_URL")]
        [InlineData("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2")]
        [InlineData("AWS_ENDPOINT_URL_S3")]
        [InlineData("AWS_ENDPOINT_URL_STS")]
        public void Refuses_http_to_a_host_that_is_not_loopback_from_a_variable(string variable)
        {
            var error = Assert.Throws<AwsSessionException>(() => Env().WithVariable(variable, "http://10.0.0.5:4566").Resolve());

            Assert.Equal("InsecureEndpoint", error.ErrorId);
            Assert.Contains(variable, error.Message);
        }

        [Theory]
        [InlineData("http://127.0.0.1:5000")]
        [InlineData("http://127.0.0.2:5000")]
        [InlineData("http://localhost:5000")]
        [InlineData("http://[::1]:5000")]
        [InlineData("https://10.0.0.5:4566")]
        public void Takes_loopback_http_and_any_https(string url)
        {
            var session = Env().Resolve(new AwsSessionOptions { EndpointUrl = new Uri(url) });

            Assert.Equal(new Uri(url), session.Elbv2Endpoint);
        }

        [Fact]
        public void Takes_http_anywhere_when_asked()
        {
            var session = Env().WithVariable("AWS_ENDPOINT_URL_S3", "http://10.0.0.6:4566")
                .Resolve(new AwsSessionOptions { AllowInsecureEndpoint = true });

            Assert.Equal(new Uri("http://10.0.0.6:4566/"), session.S3Endpoint);
            Assert.Equal(new Uri("http://10.0.0.7/"), Env().Resolve(new AwsSessionOptions { EndpointUrl = new Uri("http://10.0.0.7"), AllowInsecureEndpoint = true }).Elbv2Endpoint);
        }
    }
}
