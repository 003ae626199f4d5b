using MaintenanceMode.Aws;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Session
{
    public class AwsSessionEndpointTests
    {
        private static FakeSessionEnvironment Env(string region = "us-east-1") => new FakeSessionEnvironment
        {
            DefaultCredentials = () => new Amazon.Runtime.BasicAWSCredentials("AKID", "secret"),
        }.WithVariable("AWS_REGION", region);

        [Fact]
        public void WithoutOverridesElbv2UsesThePublicRegionalEndpointAndS3IsLeftToTheSdk()
        {
            var session = Env("eu-west-1").Resolve();

            Assert.Equal(new Uri("https://elasticloadbalancing.eu-west-1.amazonaws.com/"), session.Elbv2Endpoint);
            Assert.Null(session.S3Endpoint);
        }

        [Theory]
        [InlineData("cn-north-1")]
        [InlineData("cn-northwest-1")]
        public void ChinaRegionsUseTheChinaDnsSuffix(string region)
        {
            Assert.Equal(new Uri($"https://elasticloadbalancing.{region}.amazonaws.com.cn/"), Env(region).Resolve().Elbv2Endpoint);
        }

        [Fact]
        public void ExplicitEndpointUrlAppliesToEveryServiceAndBeatsTheVariables()
        {
            var env = Env()
                .WithVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:1001")
                .WithVariable("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:1002")
                .WithVariable("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1003");

            var session = env.Resolve(new AwsSessionOptions { EndpointUrl = new Uri("http://127.0.0.1:5000") });

            Assert.Equal(new Uri("http://127.0.0.1:5000/"), session.Elbv2Endpoint);
            Assert.Equal(new Uri("http://127.0.0.1:5000/"), session.S3Endpoint);
        }

        [Fact]
        public void ServiceVariablesBeatTheGlobalVariable()
        {
            var env = Env()
                .WithVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:1001")
                .WithVariable("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:1002")
                .WithVariable("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1003");

            var session = env.Resolve();

            Assert.Equal(new Uri("http://127.0.0.1:1002/"), session.Elbv2Endpoint);
            Assert.Equal(new Uri("http://127.0.0.1:1003/"), session.S3Endpoint);
        }

        [Fact]
        public void GlobalVariableAppliesToAServiceWithoutItsOwn()
        {
            var env = Env()
                .WithVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:1001")
                .WithVariable("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1003");

            var session = env.Resolve();

            Assert.Equal(new Uri("http://127.0.0.1:1001/"), session.Elbv2Endpoint);
            Assert.Equal(new Uri("http://127.0.0.1:1003/"), session.S3Endpoint);
        }

        [Fact]
        public void IgnoreConfiguredEndpointUrlsTurnsTheVariablesOffButNotTheParameter()
        {
            var env = Env()
                .WithVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:1001")
                .WithVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");

            Assert.Equal(new Uri("https://elasticloadbalancing.us-east-1.amazonaws.com/"), env.Resolve().Elbv2Endpoint);
            Assert.Equal(new Uri("http://127.0.0.1:7/"),
                env.Resolve(new AwsSessionOptions { EndpointUrl = new Uri("http://127.0.0.1:7") }).Elbv2Endpoint);
        }

        [Fact]
        public void AnInvalidVariableIsInvalidEndpointNamingTheVariable()
        {
            var env = Env().WithVariable("AWS_ENDPOINT_URL_S3", "localhost:4566");

            var error = Assert.Throws<AwsSessionException>(() => env.Resolve());

            Assert.Equal(ErrorIds.InvalidEndpoint, error.ErrorId);
            Assert.Contains("AWS_ENDPOINT_URL_S3", error.Message);
        }

        [Fact]
        public void ANonHttpEndpointUrlIsInvalidEndpoint()
        {
            var error = Assert.Throws<AwsSessionException>(() =>
                Env().Resolve(new AwsSessionOptions { EndpointUrl = new Uri("ftp://127.0.0.1/") }));

            Assert.Equal(ErrorIds.InvalidEndpoint, error.ErrorId);
            Assert.Contains("-EndpointUrl", error.Message);
        }

        [Fact]
        public void S3ClientForACustomEndpointUsesPathStyleAndSignsForTheSessionRegion()
        {
            var session = Env("eu-west-1").Resolve(new AwsSessionOptions { EndpointUrl = new Uri("http://127.0.0.1:5000") });

            var config = session.CreateS3Config();

            Assert.Equal("http://127.0.0.1:5000/", config.ServiceURL);
            Assert.True(config.ForcePathStyle);
            Assert.Equal("eu-west-1", config.AuthenticationRegion);
        }

        [Fact]
        public void S3ClientWithoutOverrideUsesTheSessionRegion()
        {
            var session = Env("ap-northeast-1").Resolve();

            var config = session.CreateS3Config();

            Assert.Equal("ap-northeast-1", config.RegionEndpoint?.SystemName);
            Assert.False(config.ForcePathStyle);
            using var client = session.CreateS3Client();
            Assert.NotNull(client);
        }
    }
}
