using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// Everything <see cref="AwsSession"/> reads from the machine, behind replaceable seams, so that tests
    /// drive every precedence rule without touching the process environment or the user's profiles.
    /// </summary>
    public sealed class AwsSessionEnvironment
    {
        public AwsSessionEnvironment(
            Func<string, string?> getVariable,
            ICredentialProfileSource profiles,
            Func<AWSCredentials> defaultCredentials,
            Func<RegionEndpoint?> fallbackRegion)
        {
            GetVariable = getVariable ?? throw new ArgumentNullException(nameof(getVariable));
            Profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
            DefaultCredentials = defaultCredentials ?? throw new ArgumentNullException(nameof(defaultCredentials));
            FallbackRegion = fallbackRegion ?? throw new ArgumentNullException(nameof(fallbackRegion));
        }

        /// <summary>Reads an environment variable; null when unset.</summary>
        public Func<string, string?> GetVariable { get; }

        /// <summary>
        /// Where named profiles come from: in a real session the SDK's <see cref="CredentialProfileStoreChain"/>
        /// (the SDK store on Windows, then the shared credentials and config files); in tests, anything.
        /// </summary>
        public ICredentialProfileSource Profiles { get; }

        /// <summary>The SDK's default chain: env keys, AWS_PROFILE, SSO, web identity, container and instance roles. Throws when it finds nothing.</summary>
        public Func<AWSCredentials> DefaultCredentials { get; }

        /// <summary>The SDK's last resort for the region (it also asks instance metadata); null when it finds nothing.</summary>
        public Func<RegionEndpoint?> FallbackRegion { get; }

        /// <summary>The real process environment and the SDK's own resolvers.</summary>
        public static AwsSessionEnvironment FromProcess() => new AwsSessionEnvironment(
            Environment.GetEnvironmentVariable,
            new CredentialProfileStoreChain(),
            () => DefaultAWSCredentialsIdentityResolver.GetCredentials(null),
            () => FallbackRegionFactory.GetRegionEndpoint());
    }
}
