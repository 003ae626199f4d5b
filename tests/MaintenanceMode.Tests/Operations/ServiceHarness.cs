using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.State;
using MaintenanceMode.Tests.Moto;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Operations
{
    /// <summary>
    /// What the service tests open with: the sample listener on the in-memory ELBv2 with two user rules (/api/*
    /// and a host), a fresh moto bucket for its state, and the module's services over both, built as the
    /// cmdlets build them (read-after-write immediate, since the fake never lags unless told to).
    /// </summary>
    internal sealed class ServiceHarness
    {
        private readonly MotoServerFixture _moto;

        private ServiceHarness(MotoServerFixture moto, PlanningHarness listener, S3Uri location)
        {
            _moto = moto;
            Listener = listener;
            Location = location;
            Store = new SnapshotStore(moto.Client, location);
        }

        public PlanningHarness Listener { get; }

        public FakeElbv2Client Elb => Listener.Elb;

        public string ListenerArn => Listener.ListenerArn;

        /// <summary>The state location: a prefix in a bucket of its own.</summary>
        public S3Uri Location { get; }

        public SnapshotStore Store { get; }

        public static async Task<ServiceHarness> CreateAsync(MotoServerFixture moto)
        {
            var listener = new PlanningHarness();
            listener.Seed(1, When(Path("/api/*")), Forward("api"));
            listener.Seed(2, When(Host("admin.example.com")), Forward("admin"));
            var bucket = await moto.CreateBucketAsync();
            return new ServiceHarness(moto, listener, S3Uri.ParsePrefix($"s3://{bucket}/maintenance-mode/"));
        }

        public MaintenanceService Service(IMaintenanceReporter? reporter = null) =>
            new MaintenanceService(Elb, location => new SnapshotStore(_moto.Client, location), new FakeCallerIdentity(), reporter ?? NullReporter.Instance,
                () => DateTimeOffset.UtcNow, "0.0.0-test", ReadAfterWrite.Immediate);

        /// <summary>Restore-ListenerSnapshot's service; every state location it asks for is <see cref="Store"/>.</summary>
        public ListenerSnapshotService SnapshotService() =>
            new ListenerSnapshotService(Elb, _ => Store, new FakeCallerIdentity(), NullReporter.Instance, () => DateTimeOffset.UtcNow, "0.0.0-test", ReadAfterWrite.Immediate);

        /// <summary>Enable as with -Force (no preview), with the page from S3.</summary>
        public async Task<MaintenanceStatus> EnableAsync(MaintenanceSettings settings, MaintenanceService? service = null)
        {
            settings.PageSource ??= "s3://pages/maintenance.html";
            service ??= Service();
            var start = service.StartEnableWithoutPreviewAsync(Elb.Target(ListenerArn), CancellationToken.None);
            return await service.EnableWithoutPreviewAsync(start, settings, Location, CancellationToken.None);
        }
    }
}
