using System.IO;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using MaintenanceMode.Aws;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Session
{
    public class AwsSessionCredentialTests
    {
        private static FakeSessionEnvironment InRegion() => new FakeSessionEnvironment().WithVariable("AWS_REGION", "us-east-1");

        [Fact]
        public void ExplicitCredentialWinsOverProfileAndDefaultChain()
        {
            var env = InRegion().WithProfile("ops", null, "AKIDPROFILE", "profile-secret");
            env.DefaultCredentials = () => new BasicAWSCredentials("AKIDDEFAULT", "default-secret");

            var session = env.Resolve(new AwsSessionOptions { ProfileName = "ops", Credential = new AccessKeyCredential("AKIDEXPLICIT", "explicit-secret") });

            Assert.Equal("AKIDEXPLICIT", session.Credentials.GetCredentials().AccessKey);
            Assert.Equal(0, env.DefaultCredentialsCalls);
        }

        [Fact]
        public void ProfileCredentialsWinOverTheDefaultChain()
        {
            var env = InRegion().WithProfile("ops", null, "AKIDPROFILE", "profile-secret");
            env.DefaultCredentials = () => new BasicAWSCredentials("AKIDDEFAULT", "default-secret");

            var keys = env.Resolve(new AwsSessionOptions { ProfileName = "ops" }).Credentials.GetCredentials();

            Assert.Equal("AKIDPROFILE", keys.AccessKey);
            Assert.Equal("profile-secret", keys.SecretKey);
            Assert.Equal(0, env.DefaultCredentialsCalls);
        }

        [Fact]
        public void DefaultChainIsUsedWithoutCredentialOrProfile()
        {
            var env = InRegion();
            env.DefaultCredentials = () => new BasicAWSCredentials("AKIDDEFAULT", "default-secret");

            Assert.Equal("AKIDDEFAULT", env.Resolve().Credentials.GetCredentials().AccessKey);
            Assert.Equal(1, env.DefaultCredentialsCalls);
        }

        [Fact]
        public void UnknownProfileIsProfileNotFound()
        {
            var env = InRegion().WithProfile("ops", "eu-west-1", "AKIDPROFILE", "secret");

            var error = Assert.Throws<AwsSessionException>(() => env.Resolve(new AwsSessionOptions { ProfileName = "opps" }));

            Assert.Equal(ErrorIds.ProfileNotFound, error.ErrorId);
            Assert.Equal("opps", error.Target);
            Assert.Contains("'opps'", error.Message);
            Assert.Contains("aws configure --profile opps", error.Message);
        }

        [Fact]
        public void UnknownProfileIsReportedEvenWhenACredentialIsGiven()
        {
            // A typo in -ProfileName must not pass silently just because -Credential made it unnecessary.
            var env = InRegion();

            var error = Assert.Throws<AwsSessionException>(() =>
                env.Resolve(new AwsSessionOptions { ProfileName = "nope", Credential = new AccessKeyCredential("AKID", "secret") }));

            Assert.Equal(ErrorIds.ProfileNotFound, error.ErrorId);
        }

        [Fact]
        public void ProfileWithoutKeysIsCredentialsNotResolved()
        {
            var env = InRegion().WithProfile("region-only", "eu-west-1");

            var error = Assert.Throws<AwsSessionException>(() => env.Resolve(new AwsSessionOptions { ProfileName = "region-only" }));

            Assert.Equal(ErrorIds.CredentialsNotResolved, error.ErrorId);
            Assert.Contains("'region-only'", error.Message);
            Assert.Equal(0, env.DefaultCredentialsCalls);
        }

        [Fact]
        public void NothingFoundIsCredentialsNotResolvedAndTheMessageNamesEveryFix()
        {
            var env = InRegion();

            var error = Assert.Throws<AwsSessionException>(() => env.Resolve());

            Assert.Equal(ErrorIds.CredentialsNotResolved, error.ErrorId);
            Assert.IsType<AmazonClientException>(error.InnerException);
            foreach (var fix in new[] { "-ProfileName", "-Credential", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "aws configure" })
            {
                Assert.Contains(fix, error.Message);
            }
        }

        [Fact]
        public void RegionIsResolvedBeforeCredentialsSoAMissingRegionIsReportedFirst()
        {
            var env = new FakeSessionEnvironment();

            var error = Assert.Throws<AwsSessionException>(() => env.Resolve());

            Assert.Equal(ErrorIds.RegionNotResolved, error.ErrorId);
        }

        [Fact]
        public void ProfilesAreReadFromASharedCredentialsFile()
        {
            // The real SDK parser, on a file of our own: a unique profile name keeps the user's config out of it.
            var directory = Path.Combine(Path.GetTempPath(), "mm-session-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                var profileName = "mm-test-" + Guid.NewGuid().ToString("N");
                var path = Path.Combine(directory, "credentials");
                File.WriteAllText(path, $"[{profileName}]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = file-secret\naws_session_token = file-token\nregion = eu-central-1\n");
                var env = new FakeSessionEnvironment();

                var session = AwsSession.Resolve(new AwsSessionOptions { ProfileName = profileName }, env.Build(new SharedCredentialsFile(path)));
                var keys = session.Credentials.GetCredentials();

                Assert.Equal("eu-central-1", session.Region.SystemName);
                Assert.Equal("AKIDFROMFILE", keys.AccessKey);
                Assert.Equal("file-secret", keys.SecretKey);
                Assert.Equal("file-token", keys.Token);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
