using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// The precedence rules, as the AWS CLI and SDKs apply them:
    /// <list type="bullet">
    /// <item>Region: -Region, AWS_REGION, AWS_DEFAULT_REGION, the region of the profile (-ProfileName, else
    /// AWS_PROFILE, else "default"), then the SDK's fallback (which also asks instance metadata).</item>
    /// <item>Credentials: -Credential, the -ProfileName profile, then the SDK's default chain (env keys,
    /// AWS_PROFILE, SSO, web identity, container and instance roles).</item>
    /// <item>Endpoints: -EndpointUrl for every service, the service's AWS_ENDPOINT_URL_* variable,
    /// AWS_ENDPOINT_URL, then AWS's public endpoint.</item>
    /// </list>
    /// </summary>
    internal static class AwsSessionResolver
    {
        private const string DefaultProfileName = "default";

        internal static AwsSession Resolve(AwsSessionOptions options, AwsSessionEnvironment environment)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }
            if (environment == null)
            {
                throw new ArgumentNullException(nameof(environment));
            }

            var profileName = Trimmed(options.ProfileName);
            CredentialProfile? profile = null;
            if (profileName != null && !environment.Profiles.TryGetProfile(profileName, out profile))
            {
                throw new AwsSessionException(
                    AwsSessionErrorIds.ProfileNotFound,
                    $"No AWS profile named '{profileName}' was found in the shared credentials and config files. " +
                    $"Create it with `aws configure --profile {profileName}`, or check the name (and AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).",
                    profileName);
            }

            var region = ResolveRegion(options, environment, profile);
            var credentials = ResolveCredentials(options, environment, profileName, profile);
            var elbv2 = AwsSessionEndpoints.ResolveOverride(options.EndpointUrl, environment.GetVariable, AwsSessionEndpoints.Elbv2Variable, options.AllowInsecureEndpoint)
                ?? AwsSessionEndpoints.DefaultElbv2(region);
            var s3 = AwsSessionEndpoints.ResolveOverride(options.EndpointUrl, environment.GetVariable, AwsSessionEndpoints.S3Variable, options.AllowInsecureEndpoint);
            var sts = AwsSessionEndpoints.ResolveOverride(options.EndpointUrl, environment.GetVariable, AwsSessionEndpoints.StsVariable, options.AllowInsecureEndpoint)
                ?? AwsSessionEndpoints.DefaultFor("sts", region);
            return new AwsSession(region, credentials, elbv2, s3) { StsEndpoint = sts };
        }

        private static RegionEndpoint ResolveRegion(AwsSessionOptions options, AwsSessionEnvironment environment, CredentialProfile? explicitProfile)
        {
            var name = Trimmed(options.Region)
                ?? Trimmed(environment.GetVariable("AWS_REGION"))
                ?? Trimmed(environment.GetVariable("AWS_DEFAULT_REGION"));
            if (name != null)
            {
                return RegionEndpoint.GetBySystemName(name);
            }

            var profile = explicitProfile;
            if (profile == null)
            {
                var implicitName = Trimmed(environment.GetVariable("AWS_PROFILE")) ?? DefaultProfileName;
                environment.Profiles.TryGetProfile(implicitName, out profile);
            }
            if (profile?.Region != null)
            {
                return profile.Region;
            }

            RegionEndpoint? fallback = null;
            try
            {
                fallback = environment.FallbackRegion();
            }
            catch (Exception e) when (e is AmazonClientException || e is InvalidOperationException)
            {
                // The SDK's last resort failing means the same as it finding nothing.
            }
            return fallback ?? throw new AwsSessionException(
                AwsSessionErrorIds.RegionNotResolved,
                "No AWS region was given or configured. Pass -Region (for example -Region eu-west-1), set the AWS_REGION environment variable, " +
                "or set a region in your AWS profile (`aws configure set region eu-west-1`).");
        }

        private static AWSCredentials ResolveCredentials(AwsSessionOptions options, AwsSessionEnvironment environment, string? profileName, CredentialProfile? profile)
        {
            if (options.Credential != null)
            {
                return AwsSessionCredentialConverter.Convert(options.Credential);
            }

            if (profileName != null)
            {
                try
                {
                    // What CredentialProfileStoreChain.TryGetAWSCredentials does, on the profile already found:
                    // role and SSO profiles look their source profile up in the store that holds them.
                    var source = (ICredentialProfileSource?)profile!.CredentialProfileStore ?? environment.Profiles;
                    if (AWSCredentialsFactory.TryGetAWSCredentials(profile, source, out var fromProfile))
                    {
                        return fromProfile;
                    }
                }
                catch (AmazonClientException e)
                {
                    throw NotResolved($"The AWS profile '{profileName}' could not provide credentials: {e.Message}", profileName, e);
                }
                throw NotResolved($"The AWS profile '{profileName}' exists but holds no usable credentials.", profileName, null);
            }

            try
            {
                return environment.DefaultCredentials();
            }
            catch (AmazonClientException e)
            {
                // The SDK's message lists every provider it tried over many lines: keep it as the inner exception.
                throw NotResolved("No AWS credentials were found (environment variables, profiles, SSO, web identity, container and instance roles were tried).", null, e);
            }
        }

        private static AwsSessionException NotResolved(string what, string? profileName, Exception? inner) => new AwsSessionException(
            AwsSessionErrorIds.CredentialsNotResolved,
            what + " Pass -ProfileName with a profile that has credentials, pass -Credential, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
            "or run `aws configure` (or `aws sso login`).",
            profileName,
            inner);

        private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
