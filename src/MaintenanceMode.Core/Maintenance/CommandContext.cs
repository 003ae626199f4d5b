using System;
using System.Threading;
using MaintenanceMode.Aws;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Maintenance.Snapshots;

namespace MaintenanceMode.Maintenance
{
    /// <summary>
    /// Everything one cmdlet invocation talks to, built from the session options: the cmdlets' only
    /// door into the core, and one that names no AWSSDK type, so the cmdlet assembly can stay in the
    /// default load context while AWSSDK lives in the module's own.
    /// </summary>
    public sealed class CommandContext : IDisposable
    {
        private readonly QueryTransport _elbTransport;
        private readonly DeferredQueryTransport _stsTransport;
        // Built on first use: status of a listener not in maintenance, and a page from a local file, never touch S3.
        private readonly Lazy<Amazon.S3.AmazonS3Client> _s3;
        private StoreEncryption _stateEncryption = StoreEncryption.BucketDefault;

        private CommandContext(AwsSession session, IMaintenanceReporter reporter, string moduleVersion)
        {
            Region = session.Region.SystemName;
            var elbOptions = new QueryTransportOptions { OnRetry = notice => reporter.Verbose("retry: " + notice) };
            _elbTransport = QueryTransport.Create(session.Elbv2Endpoint, session.Credentials, session.Region, elbOptions);
            _stsTransport = new DeferredQueryTransport(() => QueryTransport.Create(session.StsEndpoint ?? session.Elbv2Endpoint, session.Credentials, session.Region,
                new QueryTransportOptions { ServiceName = "sts", ApiVersion = "2011-06-15", RetryPolicy = RetryPolicy.NoRetries }));
            _s3 = new Lazy<Amazon.S3.AmazonS3Client>(session.CreateS3Client, LazyThreadSafetyMode.ExecutionAndPublication);
            Elb = new NarratingElbv2Client(new Elbv2Client(_elbTransport), message => reporter.Verbose("ELBv2 " + message));
            Pages = new PageLoader(new DeferredS3ObjectReader(() => new S3ObjectReader(_s3.Value)));
            Service = new MaintenanceService(Elb, location => new SnapshotStore(_s3.Value, location, _stateEncryption), new StsCallerIdentity(_stsTransport, reporter), reporter, () => DateTimeOffset.UtcNow, moduleVersion);
            Snapshots = new ListenerSnapshotService(Elb, location => new SnapshotStore(_s3.Value, location, _stateEncryption), new StsCallerIdentity(_stsTransport, reporter), reporter, () => DateTimeOffset.UtcNow, moduleVersion);
        }

        public string Region { get; }

        /// <summary>
        /// Snapshots, records and locks are written with SSE-KMS under this key (id, ARN or alias) instead of
        /// the bucket's default encryption: for a bucket whose policy requires a particular key.
        /// </summary>
        public void EncryptStateWithKmsKey(string kmsKeyId) => _stateEncryption = StoreEncryption.Kms(kmsKeyId);

        public IElbv2Client Elb { get; }

        public PageLoader Pages { get; }

        public MaintenanceService Service { get; }

        /// <summary>Save-, Compare- and Restore-ListenerSnapshot.</summary>
        public ListenerSnapshotService Snapshots { get; }

        /// <summary>Resolves the session (region, credentials, endpoints) and builds the clients.</summary>
        /// <param name="credential">An AWSCredentials of any AWSSDK version, or an access-key pair; see AwsSessionOptions.</param>
        public static CommandContext Create(string? region, string? profileName, object? credential, Uri? endpointUrl, IMaintenanceReporter reporter, string moduleVersion)
        {
            var session = AwsSession.Resolve(new AwsSessionOptions { Region = region, ProfileName = profileName, Credential = credential, EndpointUrl = endpointUrl });
            return new CommandContext(session, reporter, moduleVersion);
        }

        public void Dispose()
        {
            _elbTransport.Dispose();
            _stsTransport.Dispose();
            if (_s3.IsValueCreated)
            {
                _s3.Value.Dispose();
            }
        }
    }
}
