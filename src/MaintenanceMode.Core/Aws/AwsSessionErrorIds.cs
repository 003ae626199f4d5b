namespace MaintenanceMode.Aws
{
    /// <summary>Stable error ids of <see cref="AwsSessionException"/>; scripts and tests match on them.</summary>
    public static class AwsSessionErrorIds
    {
        /// <summary>No -Region, no AWS_REGION/AWS_DEFAULT_REGION, no region in the profile or instance metadata.</summary>
        public const string RegionNotResolved = "RegionNotResolved";

        /// <summary>No -Credential, no usable -ProfileName, and the SDK's default chain found nothing.</summary>
        public const string CredentialsNotResolved = "CredentialsNotResolved";

        /// <summary>-ProfileName names a profile that no credential store holds.</summary>
        public const string ProfileNotFound = "ProfileNotFound";

        /// <summary>-Credential is an object this module cannot read keys from.</summary>
        public const string CredentialNotSupported = "CredentialNotSupported";

        /// <summary>-EndpointUrl or an AWS_ENDPOINT_URL* variable is not an absolute http(s) URL.</summary>
        public const string InvalidEndpoint = "InvalidEndpoint";

        /// <summary>-EndpointUrl or an AWS_ENDPOINT_URL* variable is http:// to a host that is not loopback, without -AllowInsecureEndpoint.</summary>
        public const string InsecureEndpoint = "InsecureEndpoint";
    }
}
