using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using MaintenanceMode.Aws;

namespace MaintenanceMode.Tests.Session
{
    /// <summary>
    /// A machine for <see cref="AwsSession"/> to read: environment variables, profiles, the default credential
    /// chain and the SDK's fallback region, all in memory so no test reads or changes the real ones.
    /// </summary>
    internal sealed class FakeSessionEnvironment : ICredentialProfileSource
    {
        public Dictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public Dictionary<string, CredentialProfile> Profiles { get; } = new Dictionary<string, CredentialProfile>(StringComparer.Ordinal);

        /// <summary>What the SDK's default chain returns; by default it finds nothing, as on a bare machine.</summary>
        public Func<AWSCredentials> DefaultCredentials { get; set; } = () => throw new AmazonClientException("Failed to resolve AWS credentials.");

        public int DefaultCredentialsCalls { get; private set; }

        public RegionEndpoint? FallbackRegion { get; set; }

        public FakeSessionEnvironment WithVariable(string name, string value)
        {
            Variables[name] = value;
            return this;
        }

        public FakeSessionEnvironment WithProfile(string name, string? region, string? accessKey = null, string? secretKey = null)
        {
            var options = new CredentialProfileOptions { AccessKey = accessKey, SecretKey = secretKey };
            var profile = new CredentialProfile(name, options);
            if (region != null)
            {
                profile.Region = RegionEndpoint.GetBySystemName(region);
            }
            Profiles[name] = profile;
            return this;
        }

        public AwsSessionEnvironment Build() => Build(this);

        public AwsSessionEnvironment Build(ICredentialProfileSource profiles) => new AwsSessionEnvironment(
            name => Variables.TryGetValue(name, out var value) ? value : null,
            profiles,
            () =>
            {
                DefaultCredentialsCalls++;
                return DefaultCredentials();
            },
            () => FallbackRegion);

        public AwsSession Resolve(AwsSessionOptions? options = null) => AwsSession.Resolve(options ?? new AwsSessionOptions(), Build());

        public bool TryGetProfile(string profileName, out CredentialProfile profile) => Profiles.TryGetValue(profileName, out profile!);
    }
}
