using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3.Model;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.State;
using MaintenanceMode.State.Locks;
using MaintenanceMode.Tests.Fakes;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.Tests.Planning;
using Xunit;

namespace MaintenanceMode.Tests.Operations
{
    /// <summary>
    /// The service's own logic around the plan, through the in-memory ELBv2 and moto's S3: what a failed run leaves
    /// in the state location, and the lock keeping a second run out. (The cycle's exact restore and its reads are
    /// in RoundTrips/EnableWithoutPreviewTests; the plans themselves in Planning.)
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class MaintenanceServiceTests
    {
        private readonly MotoServerFixture _moto;

        public MaintenanceServiceTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        [Fact]
        public async Task A_failed_flip_is_undone_and_leaves_no_snapshot_record_or_lock()
        {
            var (harness, location) = await NewListenerAsync();
            var before = harness.Elb.Image(harness.ListenerArn);
            // Priority 1 is taken: AddTags, SetRulePriorities, then the page's CreateRule, which fails for good.
            harness.Elb.InjectedErrorCode = "ValidationError";
            harness.Elb.FailingMutatingCalls.Add(3);

            var error = await Assert.ThrowsAnyAsync<MaintenanceModeException>(() => EnableAsync(Service(harness), harness, location));

            Assert.Contains("CreateRule", error.Message);
            Assert.Equal(before, harness.Elb.Image(harness.ListenerArn));
            Assert.Empty(await KeysAsync(location));
        }

        [Fact]
        public async Task A_run_holding_the_lock_keeps_Enable_out_and_nothing_changes()
        {
            var (harness, location) = await NewListenerAsync();
            var before = harness.Elb.Image(harness.ListenerArn);
            var locks = new OperationLock(new SnapshotStore(_moto.Client, location));
            var held = await locks.AcquireAsync(LockRecord.ForCurrentProcess(harness.ListenerArn, "someone", "Disable-Maintenance", DateTimeOffset.UtcNow, OperationLock.DefaultLease), CancellationToken.None);
            harness.Elb.ClearCalls();

            await Assert.ThrowsAsync<LockHeldException>(() => EnableAsync(Service(harness), harness, location));

            Assert.Empty(harness.Elb.MutatingCalls);
            Assert.Equal(before, harness.Elb.Image(harness.ListenerArn));
            Assert.Equal(new[] { held.Key }, await KeysAsync(location));
        }

        private async Task<(PlanningHarness Harness, S3Uri Location)> NewListenerAsync()
        {
            var harness = new PlanningHarness();
            harness.Seed(1, Build.When(Build.Path("/api/*")), Build.Forward("api"));
            harness.Seed(2, Build.When(Build.Host("admin.example.com")), Build.Forward("admin"));
            harness.Elb.ClearCalls();
            var bucket = await _moto.CreateBucketAsync();
            return (harness, S3Uri.ParsePrefix($"s3://{bucket}/maintenance-mode/"));
        }

        private MaintenanceService Service(PlanningHarness harness) =>
            new MaintenanceService(harness.Elb, location => new SnapshotStore(_moto.Client, location), new FakeCallerIdentity(), NullReporter.Instance,
                () => DateTimeOffset.UtcNow, "0.0.0-test", ReadAfterWrite.Immediate);

        private static async Task<MaintenanceStatus> EnableAsync(MaintenanceService service, PlanningHarness harness, S3Uri location)
        {
            var settings = Build.Settings();
            settings.PageSource = "s3://pages/maintenance.html";
            var start = service.StartEnableWithoutPreviewAsync(harness.Elb.Target(harness.ListenerArn), CancellationToken.None);
            return await service.EnableWithoutPreviewAsync(start, settings, location, CancellationToken.None);
        }

        private async Task<string[]> KeysAsync(S3Uri location)
        {
            var listed = await _moto.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Key });
            return (listed.S3Objects ?? new System.Collections.Generic.List<S3Object>()).Select(o => o.Key).ToArray();
        }
    }
}
