using System.IO;
using Amazon.Runtime;
using MaintenanceMode.Aws;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Session
{
    /// <summary>
    /// AWS.Tools' order: explicit parameters, then the shell's $StoredAWSRegion / $StoredAWSCredentials, then the
    /// environment, profiles and the SDK's default chain. Each step is checked against the one below it.
    /// </summary>
    public class AwsSessionShellDefaultsTests
    {
        [Fact]
        public void ExplicitRegionWinsOverStoredRegion()
        {
            var env = new FakeSessionEnvironment().WithVariable("AWS_REGION", "us-east-1");

            var session = env.Resolve(new AwsSessionOptions { Region = "ap-southeast-2", StoredRegion = "eu-west-1", Credential = Keys("AKIDX") });

            Assert.Equal("ap-southeast-2", session.Region.SystemName);
            Assert.Equal("-Region", session.RegionSource);
        }

        [Fact]
        public void StoredRegionWinsOverEnvironmentAndProfile()
        {
            var env = new FakeSessionEnvironment().WithVariable("AWS_REGION", "us-east-1").WithVariable("AWS_DEFAULT_REGION", "us-west-2").WithProfile("default", "sa-east-1");

            var session = env.Resolve(new AwsSessionOptions { StoredRegion = "eu-west-1", Credential = Keys("AKIDX") });

            Assert.Equal("eu-west-1", session.Region.SystemName);
            Assert.Equal("$StoredAWSRegion", session.RegionSource);
        }

        [Fact]
        public void StoredRegionAloneIsEnough()
        {
            // The first report: with only Set-DefaultAWSRegion, Enable refused with RegionNotResolved.
            var session = new FakeSessionEnvironment().Resolve(new AwsSessionOptions { StoredRegion = "eu-west-1", Credential = Keys("AKIDX") });

            Assert.Equal("eu-west-1", session.Region.SystemName);
        }

        [Fact]
        public void EnvironmentRegionStillCountsWithoutStoredRegion()
        {
            var session = new FakeSessionEnvironment().WithVariable("AWS_REGION", "us-east-1").Resolve(new AwsSessionOptions { Credential = Keys("AKIDX") });

            Assert.Equal("us-east-1", session.Region.SystemName);
            Assert.Equal("AWS_REGION", session.RegionSource);
        }

        [Fact]
        public void ExplicitCredentialWinsOverStoredCredentials()
        {
            var env = InRegion();

            var session = env.Resolve(new AwsSessionOptions { Credential = Keys("AKIDEXPLICIT"), StoredCredential = new ForeignCredentials("AKIDSTORED") });

            Assert.Equal("AKIDEXPLICIT", session.Credentials.GetCredentials().AccessKey);
            Assert.Equal("-Credential", session.CredentialSource);
        }

        [Fact]
        public void ExplicitProfileWinsOverStoredCredentials()
        {
            var env = InRegion().WithProfile("ops", null, "AKIDPROFILE", "profile-secret");

            var session = env.Resolve(new AwsSessionOptions { ProfileName = "ops", StoredCredential = new ForeignCredentials("AKIDSTORED") });

            Assert.Equal("AKIDPROFILE", session.Credentials.GetCredentials().AccessKey);
            Assert.Equal("profile 'ops'", session.CredentialSource);
        }

        [Fact]
        public void StoredCredentialsWinOverTheEnvironmentAndDefaultChain()
        {
            // The second report: Set-AWSCredential pointed at production, the module used the environment's keys.
            var env = InRegion().WithVariable("AWS_ACCESS_KEY_ID", "AKIDENV");
            env.DefaultCredentials = () => new BasicAWSCredentials("AKIDENV", "env-secret");

            var session = env.Resolve(new AwsSessionOptions { StoredCredential = new ForeignCredentials("AKIDSTORED") });

            Assert.Equal("AKIDSTORED", session.Credentials.GetCredentials().AccessKey);
            Assert.Equal("$StoredAWSCredentials", session.CredentialSource);
            Assert.Equal(0, env.DefaultCredentialsCalls);
        }

        [Fact]
        public void StoredCredentialsAreAskedForKeysOnEveryRequest()
        {
            // Refreshing credentials (assumed roles, SSO) must keep refreshing, as with -Credential.
            var stored = new ForeignCredentials("AKIDFIRST");
            var session = InRegion().Resolve(new AwsSessionOptions { StoredCredential = stored });
            stored.AccessKey = "AKIDROTATED";

            Assert.Equal("AKIDROTATED", session.Credentials.GetCredentials().AccessKey);
        }

        [Fact]
        public void StoredAwsPsCredentialsAreUnwrappedAndNamed()
        {
            // What Set-AWSCredential really stores: an AWSPSCredentials holding the AWSCredentials and the profile name.
            var stored = new AwsPsCredentialsShape(new ForeignCredentials("AKIDPROD"), "prod");

            var session = InRegion().Resolve(new AwsSessionOptions { StoredCredential = stored });

            Assert.Equal("AKIDPROD", session.Credentials.GetCredentials().AccessKey);
            Assert.Equal("$StoredAWSCredentials (profile 'prod')", session.CredentialSource);
        }

        [Fact]
        public void UnusableStoredCredentialsAreRefusedByName()
        {
            var error = Assert.Throws<AwsSessionException>(() => InRegion().Resolve(new AwsSessionOptions { StoredCredential = new Uri("https://example.com/") }));

            Assert.Equal(ErrorIds.CredentialNotSupported, error.ErrorId);
            Assert.Contains("$StoredAWSCredentials", error.Message);
        }

        [Fact]
        public void DefaultChainWithoutAnythingStored()
        {
            var env = InRegion();
            env.DefaultCredentials = () => new BasicAWSCredentials("AKIDDEFAULT", "default-secret");

            var session = env.Resolve(new AwsSessionOptions());

            Assert.Equal("AKIDDEFAULT", session.Credentials.GetCredentials().AccessKey);
            Assert.StartsWith("the SDK's default chain", session.CredentialSource);
        }

        [Fact]
        public void ProfileLocationAloneReadsThatFilesDefaultProfile()
        {
            using var file = new TempCredentialsFile();
            var env = InRegion().WithProfile("default", null, "AKIDSHARED", "shared-secret");

            var session = env.Resolve(new AwsSessionOptions { ProfileLocation = file.Path, StoredCredential = new ForeignCredentials("AKIDSTORED") });

            Assert.Equal("AKIDFILEDEFAULT", session.Credentials.GetCredentials().AccessKey);
            Assert.Equal($"profile 'default' of {file.Path}", session.CredentialSource);
        }

        [Fact]
        public void ProfileLocationWithNameReadsThatProfileOfTheFile()
        {
            using var file = new TempCredentialsFile();
            // A profile of the same name elsewhere must not be the one read.
            var env = InRegion().WithProfile("ops", null, "AKIDSHARED", "shared-secret");

            var session = env.Resolve(new AwsSessionOptions { ProfileName = "ops", ProfileLocation = file.Path });

            Assert.Equal("AKIDFILEOPS", session.Credentials.GetCredentials().AccessKey);
        }

        [Fact]
        public void ProfileMissingFromTheLocationIsProfileNotFoundNamingTheFile()
        {
            using var file = new TempCredentialsFile();

            var error = Assert.Throws<AwsSessionException>(() => InRegion().Resolve(new AwsSessionOptions { ProfileName = "nope", ProfileLocation = file.Path }));

            Assert.Equal(ErrorIds.ProfileNotFound, error.ErrorId);
            Assert.Contains(file.Path, error.Message);
        }

        private static FakeSessionEnvironment InRegion() => new FakeSessionEnvironment().WithVariable("AWS_REGION", "us-east-1");

        private static AccessKeyCredential Keys(string accessKey) => new AccessKeyCredential(accessKey, "secret");

        /// <summary>Shaped like an AWSCredentials of another AWSSDK.Core: a GetCredentials() whose result has the keys.</summary>
        public sealed class ForeignCredentials
        {
            public ForeignCredentials(string accessKey) => AccessKey = accessKey;

            public string AccessKey { get; set; }

            public ForeignKeys GetCredentials() => new ForeignKeys(AccessKey);
        }

        public sealed class ForeignKeys
        {
            public ForeignKeys(string accessKey) => AccessKey = accessKey;

            public string AccessKey { get; }

            public string SecretKey => "foreign-secret";

            public string? Token => null;
        }

        /// <summary>Shaped like AWS.Tools' AWSPSCredentials.</summary>
        public sealed class AwsPsCredentialsShape
        {
            public AwsPsCredentialsShape(object credentials, string name)
            {
                Credentials = credentials;
                Name = name;
            }

            public object Credentials { get; }

            public string Name { get; }
        }

        private sealed class TempCredentialsFile : IDisposable
        {
            private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mm-creds-" + Guid.NewGuid().ToString("N"));

            public TempCredentialsFile()
            {
                Directory.CreateDirectory(_folder);
                Path = System.IO.Path.Combine(_folder, "other-credentials");
                File.WriteAllText(Path, "[default]\naws_access_key_id = AKIDFILEDEFAULT\naws_secret_access_key = file-default-secret\n\n[ops]\naws_access_key_id = AKIDFILEOPS\naws_secret_access_key = file-ops-secret\n");
            }

            public string Path { get; }

            public void Dispose() => Directory.Delete(_folder, recursive: true);
        }
    }
}
