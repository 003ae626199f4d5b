using System;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// What the caller chose explicitly; anything left null is resolved the way the AWS SDKs and CLI do.
    /// This type names no AWSSDK type on purpose: the cmdlet assembly builds it, and that assembly must
    /// never reference AWSSDK (it lives in the default load context, AWSSDK in the module's private one).
    /// </summary>
    public sealed class AwsSessionOptions
    {
        /// <summary>Region system name, for example <c>eu-west-1</c>.</summary>
        public string? Region { get; set; }

        /// <summary>A profile of the shared credentials/config files (or the SDK store on Windows).</summary>
        public string? ProfileName { get; set; }

        /// <summary>
        /// Explicit credentials: an <c>Amazon.Runtime.AWSCredentials</c> of this module's AWSSDK, one from
        /// another AWSSDK.Core version (AWS.Tools), an <see cref="AccessKeyCredential"/>, or any object with
        /// <c>AccessKey</c>/<c>SecretKey</c> properties. See <see cref="AwsSessionCredentialConverter"/>.
        /// </summary>
        public object? Credential { get; set; }

        /// <summary>
        /// A shared credentials file at another path (AWS.Tools' -ProfileLocation): the profile
        /// (<see cref="ProfileName"/>, else "default") is looked up in that file only.
        /// </summary>
        public string? ProfileLocation { get; set; }

        /// <summary>One endpoint for every service (an emulator, a VPC endpoint, a proxy).</summary>
        public Uri? EndpointUrl { get; set; }

        /// <summary>Takes an http:// endpoint (parameter or variable) whose host is not loopback.</summary>
        public bool AllowInsecureEndpoint { get; set; }
        /// <summary>
        /// The shell's default region, <c>$StoredAWSRegion</c> (AWS.Tools' Set-DefaultAWSRegion): used when
        /// <see cref="Region"/> is not given, before the environment and profiles.
        /// </summary>
        public string? StoredRegion { get; set; }

        /// <summary>
        /// The shell's default credentials, <c>$StoredAWSCredentials</c> (AWS.Tools' Set-AWSCredential): an
        /// AWSCredentials of AWS.Tools' own AWSSDK.Core, or the AWSPSCredentials wrapping one. Used when neither
        /// <see cref="Credential"/> nor a profile is given, before the environment and the default chain.
        /// </summary>
        public object? StoredCredential { get; set; }
    }
}
