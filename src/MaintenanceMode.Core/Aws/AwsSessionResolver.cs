using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// The precedence rules, as AWS.Tools applies them (explicit parameters, then the shell's defaults that
    /// Set-DefaultAWSRegion and Set-AWSCredential store), then as the AWS CLI and SDKs do:
    /// <list type="bullet">
    /// <item>Region: -Region, $StoredAWSRegion, AWS_REGION, AWS_DEFAULT_REGION, the region of the profile
    /// (-ProfileName, else AWS_PROFILE, else "default"), then the SDK's fallback (which also asks instance metadata).</item>
    /// <item>Credentials: -Credential, the -ProfileName / -ProfileLocation profile, $StoredAWSCredentials, then
    /// the SDK's default chain (env keys, AWS_PROFILE, SSO, web identity, container and instance roles).</item>
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

            var profileLocation = Trimmed(options.ProfileLocation);
            // AWS.Tools: a location without a name means that file's "default" profile.
            var profileName = Trimmed(options.ProfileName) ?? (profileLocation != null ? DefaultProfileName : null);
            CredentialProfile? profile = null;
            if (profileName != null && !ProfilesFor(profileLocation, environment).TryGetProfile(profileName, out profile))
            {
                throw new AwsSessionException(
                    ErrorIds.ProfileNotFound,
                    profileLocation != null
                        ? $"No AWS profile named '{profileName}' was found in the credentials file '{profileLocation}' (-ProfileLocation). " +
                          "Check the path and the name; the file is in the shared credentials format ([name] then aws_access_key_id / aws_secret_access_key)."
                        : $"No AWS profile named '{profileName}' was found in the shared credentials and config files. " +
                          $"Create it with `aws configure --profile {profileName}`, or check the name (and AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).",
                    profileName);
            }

            var (region, regionSource) = ResolveRegion(options, environment, profile);
            var (credentials, credentialSource) = ResolveCredentials(options, environment, profileName, profile);
            var elbv2 = AwsSessionEndpoints.ResolveOverride(options.EndpointUrl, environment.GetVariable, AwsSessionEndpoints.Elbv2Variable, options.AllowInsecureEndpoint)
                ?? AwsSessionEndpoints.DefaultElbv2(region);
            var s3 = AwsSessionEndpoints.ResolveOverride(options.EndpointUrl, environment.GetVariable, AwsSessionEndpoints.S3Variable, options.AllowInsecureEndpoint);
            var sts = AwsSessionEndpoints.ResolveOverride(options.EndpointUrl, environment.GetVariable, AwsSessionEndpoints.StsVariable, options.AllowInsecureEndpoint)
                ?? AwsSessionEndpoints.DefaultFor("sts", region);
            return new AwsSession(region, credentials, elbv2, s3)
            {
                StsEndpoint = sts,
                RegionSource = regionSource,
                CredentialSource = credentialSource,
            };
        }

        /// <summary>-ProfileLocation: that file alone (AWS.Tools reads no other store then); otherwise the SDK's chain.</summary>
        private static ICredentialProfileSource ProfilesFor(string? profileLocation, AwsSessionEnvironment environment) =>
            profileLocation == null ? environment.Profiles : new SharedCredentialsFile(profileLocation);

        private static (RegionEndpoint Region, string Source) ResolveRegion(AwsSessionOptions options, AwsSessionEnvironment environment, CredentialProfile? explicitProfile)
        {
            foreach (var (value, source) in new[]
            {
                (options.Region, "-Region"),
                (options.StoredRegion, "$StoredAWSRegion"),
                (environment.GetVariable("AWS_REGION"), "AWS_REGION"),
                (environment.GetVariable("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION"),
            })
            {
                var name = Trimmed(value);
                if (name != null)
                {
                    return (RegionEndpoint.GetBySystemName(name), source);
                }
            }

            var profile = explicitProfile;
            if (profile == null)
            {
                var implicitName = Trimmed(environment.GetVariable("AWS_PROFILE")) ?? DefaultProfileName;
                environment.Profiles.TryGetProfile(implicitName, out profile);
            }
            if (profile?.Region != null)
            {
                return (profile.Region, $"profile '{profile.Name}'");
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
            return fallback != null ? (fallback, "the SDK's fallback (instance metadata)") : throw new AwsSessionException(
                ErrorIds.RegionNotResolved,
                "No AWS region was given or configured. Pass -Region (for example -Region eu-west-1), run Set-DefaultAWSRegion eu-west-1 (AWS.Tools), " +
                "set the AWS_REGION environment variable, or set a region in your AWS profile (`aws configure set region eu-west-1`).");
        }

        private static (AWSCredentials Credentials, string Source) ResolveCredentials(AwsSessionOptions options, AwsSessionEnvironment environment, string? profileName, CredentialProfile? profile)
        {
            if (options.Credential != null)
            {
                return (AwsSessionCredentialConverter.Convert(options.Credential), "-Credential");
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
                        return (fromProfile, options.ProfileLocation != null ? $"profile '{profileName}' of {options.ProfileLocation.Trim()}" : $"profile '{profileName}'");
                    }
                }
                catch (AmazonClientException e)
                {
                    throw NotResolved($"The AWS profile '{profileName}' could not provide credentials: {e.Message}", profileName, e);
                }
                throw NotResolved($"The AWS profile '{profileName}' exists but holds no usable credentials.", profileName, null);
            }

            if (options.StoredCredential != null)
            {
                return StoredCredentials.Convert(options.StoredCredential);
            }

            try
            {
                return (environment.DefaultCredentials(), "the SDK's default chain (environment, AWS_PROFILE or default profile, SSO, container or instance role)");
            }
            catch (AmazonClientException e)
            {
                // The SDK's message lists every provider it tried over many lines: keep it as the inner exception.
                throw NotResolved("No AWS credentials were found (environment variables, profiles, SSO, web identity, container and instance roles were tried).", null, e);
            }
        }

        private static AwsSessionException NotResolved(string what, string? profileName, Exception? inner) => new AwsSessionException(
            ErrorIds.CredentialsNotResolved,
            what + " Pass -ProfileName with a profile that has credentials, pass -Credential, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
            "or run `aws configure` (or `aws sso login`).",
            profileName,
            inner);

        private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
