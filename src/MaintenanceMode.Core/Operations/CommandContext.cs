using System;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Identity;
using MaintenanceMode.Pages;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.State;

namespace MaintenanceMode.Operations
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

        private readonly HeldVerboseReporter _verbose;

        private CommandContext(AwsSession session, IMaintenanceReporter outer, string moduleVersion)
        {
            Region = session.Region.SystemName;
            var reporter = _verbose = new HeldVerboseReporter(outer);
            var elbOptions = new QueryTransportOptions { OnRetry = notice => reporter.Verbose("retry: " + notice) };
            _elbTransport = QueryTransport.Create(session.Elbv2Endpoint, session.Credentials, session.Region, elbOptions);
            _stsTransport = new DeferredQueryTransport(() => QueryTransport.Create(session.StsEndpoint ?? session.Elbv2Endpoint, session.Credentials, session.Region,
                new QueryTransportOptions { ServiceName = "sts", ApiVersion = "2011-06-15", RetryPolicy = RetryPolicy.NoRetries }));
            _s3 = new Lazy<Amazon.S3.AmazonS3Client>(session.CreateS3Client, LazyThreadSafetyMode.ExecutionAndPublication);
            Elb = new NarratingElbv2Client(new Elbv2Client(_elbTransport), message => reporter.Verbose("ELBv2 " + message));
            // One sts:GetCallerIdentity per command, whichever service asks first: the audit fields, the account
            // named in prompts and the -AccountId guard, and every S3 call's expected bucket owner.
            Identity = new CommandIdentity(new CallerAccount(new StsCallerIdentity(_stsTransport, reporter)), _verbose, Region, session.RegionSource, session.CredentialSource);
            BucketOwner = new ExpectedBucketOwner(Identity);
            Func<CancellationToken, Task<string?>> expectedOwner = async ct => await BucketOwner.ForRequestAsync(ct).ConfigureAwait(false);
            Pages = new PageLoader(new DeferredS3ObjectReader(() => new S3ObjectReader(_s3.Value, expectedOwner)));
            // One set of dependencies for both services: the same client, store, caller and reporter.
            var dependencies = new OperationDependencies(Elb, location => new SnapshotStore(_s3.Value, location, _stateEncryption, expectedOwner), Identity, reporter, () => DateTimeOffset.UtcNow, moduleVersion);
            Service = new MaintenanceService(dependencies);
            Snapshots = new ListenerSnapshotService(dependencies);
        }

        public string Region { get; }

        /// <summary>The account, region and caller this command acts as.</summary>
        public CommandIdentity Identity { get; }

        /// <summary>The account every S3 request names as the bucket's owner; the commands tell it -AccountId and their listeners.</summary>
        public ExpectedBucketOwner BucketOwner { get; }

        /// <summary>
        /// For a command that changes things: -Verbose starts with the account, region and caller, written when the
        /// caller lookup answers; until then the narration waits (see <see cref="HeldVerboseReporter"/>).
        /// </summary>
        public void LeadVerboseWithIdentity() => _verbose.Hold();

        /// <summary>Writes whatever verbose lines still wait (the command ended before the caller was looked up).</summary>
        public void ReleaseVerbose() => _verbose.Release(null);

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

        /// <summary>Resolves the session (region, credentials, endpoints; the shell's AWS.Tools defaults included) and builds the clients.</summary>
        public static CommandContext Create(AwsSessionOptions options, IMaintenanceReporter reporter, string moduleVersion) =>
            new CommandContext(AwsSession.Resolve(options), reporter, moduleVersion);

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
