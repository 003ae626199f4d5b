using System;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// A resolved region, credentials and endpoints: what every AWS call of one command uses.
    /// Build it with <see cref="Resolve(AwsSessionOptions)"/>; the rules are in <see cref="AwsSessionResolver"/>.
    /// </summary>
    public sealed class AwsSession
    {
        internal AwsSession(RegionEndpoint region, AWSCredentials credentials, Uri elbv2Endpoint, Uri? s3Endpoint)
        {
            Region = region;
            Credentials = credentials;
            Elbv2Endpoint = elbv2Endpoint;
            S3Endpoint = s3Endpoint;
        }

        public RegionEndpoint Region { get; }

        public AWSCredentials Credentials { get; }

        /// <summary>Where ELBv2 Query requests go: an override, or the region's public endpoint.</summary>
        public Uri Elbv2Endpoint { get; }

        /// <summary>Where STS requests go (GetCallerIdentity, for the audit trail).</summary>
        public Uri? StsEndpoint { get; internal set; }

        /// <summary>An S3 endpoint override, or null when the SDK picks the regional endpoint itself.</summary>
        public Uri? S3Endpoint { get; }

        /// <summary>Where the region came from ("-Region", "$StoredAWSRegion", "AWS_REGION", ...), for -Verbose.</summary>
        public string RegionSource { get; internal set; } = string.Empty;

        /// <summary>Where the credentials came from ("-Credential", "profile 'prod'", "$StoredAWSCredentials", ...), for -Verbose.</summary>
        public string CredentialSource { get; internal set; } = string.Empty;

        /// <summary>Resolves from the options, then the process environment, profiles and the SDK's default chains.</summary>
        /// <exception cref="AwsSessionException">The region, credentials, profile or an endpoint could not be resolved.</exception>
        public static AwsSession Resolve(AwsSessionOptions options) => Resolve(options, AwsSessionEnvironment.FromProcess());

        /// <summary>As <see cref="Resolve(AwsSessionOptions)"/>, reading the machine through <paramref name="environment"/>.</summary>
        public static AwsSession Resolve(AwsSessionOptions options, AwsSessionEnvironment environment) =>
            AwsSessionResolver.Resolve(options, environment);

        /// <summary>An S3 client for this session; the caller disposes it.</summary>
        public AmazonS3Client CreateS3Client() => new AmazonS3Client(Credentials, CreateS3Config());

        /// <remarks>Redirects are never followed (as for ELBv2 and STS): a signed request and its session token go only where the session says.</remarks>
        internal AmazonS3Config CreateS3Config()
        {
            if (S3Endpoint == null)
            {
                return new AmazonS3Config { RegionEndpoint = Region, AllowAutoRedirect = false };
            }
            // Emulators and most S3-compatible endpoints have no per-bucket DNS: address buckets by path,
            // and sign for the session's region because the host name no longer says it.
            return new AmazonS3Config
            {
                ServiceURL = S3Endpoint.AbsoluteUri,
                ForcePathStyle = true,
                AuthenticationRegion = Region.SystemName,
                AllowAutoRedirect = false,
            };
        }
    }
}
