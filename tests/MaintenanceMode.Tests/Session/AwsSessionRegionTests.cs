using Amazon;
using MaintenanceMode.Aws;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Session
{
    public class AwsSessionRegionTests
    {
        private static FakeSessionEnvironment WithCredentials() =>
            new FakeSessionEnvironment { DefaultCredentials = () => new Amazon.Runtime.BasicAWSCredentials("AKIDDEFAULT", "secret") };

        [Fact]
        public void ExplicitRegionWinsOverEveryOtherSource()
        {
            var env = WithCredentials()
                .WithVariable("AWS_REGION", "eu-west-1")
                .WithVariable("AWS_DEFAULT_REGION", "eu-west-2")
                .WithProfile("default", "eu-west-3");
            env.FallbackRegion = RegionEndpoint.APSouth1;

            var session = env.Resolve(new AwsSessionOptions { Region = "us-west-2" });

            Assert.Equal("us-west-2", session.Region.SystemName);
        }

        [Fact]
        public void AwsRegionVariableWinsOverAwsDefaultRegion()
        {
            var env = WithCredentials().WithVariable("AWS_REGION", "eu-west-1").WithVariable("AWS_DEFAULT_REGION", "eu-west-2");

            Assert.Equal("eu-west-1", env.Resolve().Region.SystemName);
        }

        [Fact]
        public void AwsDefaultRegionIsUsedWhenAwsRegionIsUnset()
        {
            var env = WithCredentials().WithVariable("AWS_DEFAULT_REGION", "eu-west-2").WithProfile("default", "eu-west-3");

            Assert.Equal("eu-west-2", env.Resolve().Region.SystemName);
        }

        [Fact]
        public void EnvironmentRegionWinsOverTheRegionOfAnExplicitProfile()
        {
            // As the AWS CLI: AWS_REGION / AWS_DEFAULT_REGION override the profile's configured region.
            var env = WithCredentials().WithVariable("AWS_REGION", "eu-west-1").WithProfile("ops", "ap-southeast-2", "AKIDOPS", "secret");

            Assert.Equal("eu-west-1", env.Resolve(new AwsSessionOptions { ProfileName = "ops" }).Region.SystemName);
        }

        [Fact]
        public void RegionOfTheExplicitProfileIsUsedWithoutEnvironmentRegion()
        {
            var env = WithCredentials().WithProfile("ops", "ap-southeast-2", "AKIDOPS", "secret").WithProfile("default", "eu-west-3");

            Assert.Equal("ap-southeast-2", env.Resolve(new AwsSessionOptions { ProfileName = "ops" }).Region.SystemName);
        }

        [Fact]
        public void RegionOfTheAwsProfileVariableIsUsedWithoutExplicitProfile()
        {
            var env = WithCredentials().WithVariable("AWS_PROFILE", "staging").WithProfile("staging", "ca-central-1").WithProfile("default", "eu-west-3");

            Assert.Equal("ca-central-1", env.Resolve().Region.SystemName);
        }

        [Fact]
        public void RegionOfTheDefaultProfileIsUsedWhenNothingNamesAProfile()
        {
            var env = WithCredentials().WithProfile("default", "eu-west-3");

            Assert.Equal("eu-west-3", env.Resolve().Region.SystemName);
        }

        [Fact]
        public void SdkFallbackIsTheLastResort()
        {
            var env = WithCredentials().WithProfile("default", null);
            env.FallbackRegion = RegionEndpoint.SAEast1;

            Assert.Equal("sa-east-1", env.Resolve().Region.SystemName);
        }

        [Fact]
        public void BlankValuesCountAsUnset()
        {
            var env = WithCredentials().WithVariable("AWS_REGION", "  ").WithVariable("AWS_DEFAULT_REGION", "eu-north-1");

            Assert.Equal("eu-north-1", env.Resolve(new AwsSessionOptions { Region = "" }).Region.SystemName);
        }

        [Fact]
        public void NoRegionAnywhereIsRegionNotResolvedAndTheMessageNamesTheFixes()
        {
            var env = WithCredentials().WithProfile("default", null);

            var error = Assert.Throws<AwsSessionException>(() => env.Resolve());

            Assert.Equal(ErrorIds.RegionNotResolved, error.ErrorId);
            Assert.Contains("-Region", error.Message);
            Assert.Contains("AWS_REGION", error.Message);
            Assert.Contains("profile", error.Message);
        }

        [Fact]
        public void AnAwsProfileVariableNamingAMissingProfileIsNotAnErrorForTheRegion()
        {
            var env = WithCredentials().WithVariable("AWS_PROFILE", "gone");
            env.FallbackRegion = RegionEndpoint.USEast2;

            Assert.Equal("us-east-2", env.Resolve().Region.SystemName);
        }
    }
}
