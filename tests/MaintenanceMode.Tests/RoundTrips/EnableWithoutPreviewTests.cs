using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Tests.Fakes;
using MaintenanceMode.Tests.Planning;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.Tests.Operations;
using Xunit;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.State;

namespace MaintenanceMode.Tests.RoundTrips
{
    /// <summary>
    /// Enable and Disable with no preview shown (-Force): the in-memory ELBv2 counts the reads, S3 is moto. The
    /// listener is read once per command before its changes, and a read made before the lock is never trusted
    /// once another run's snapshot is found in the way.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class EnableWithoutPreviewTests(MotoServerFixture moto)
    {
        [Fact]
        public async Task Enable_without_a_preview_reads_the_listener_once_before_its_changes()
        {
            var (harness, location) = await NewListenerAsync();
            var service = Service(harness.Elb);

            var status = await EnableAsync(service, harness, location, Settings("203.0.113.7/32"));

            Assert.True(status.Enabled);
            Assert.Equal("On", status.State);
            var firstChange = harness.Elb.Calls.First(c => c.Mutating).Index;
            Assert.Equal(1, harness.Elb.Calls.Count(c => c.Name == "DescribeRules" && c.Index < firstChange));
        }

        [Fact]
        public async Task The_preview_way_reads_the_listener_before_the_lock_and_again_under_it()
        {
            // The contrast: with a preview (no -Force) the read shown is not the one planned from.
            var (harness, location) = await NewListenerAsync();
            var service = Service(harness.Elb);
            var target = harness.Elb.Target(harness.ListenerArn);
            var settings = Settings();

            var state = await service.ReadForEnableAsync(target, CancellationToken.None);
            await service.EnableAsync(service.PreviewEnable(target, state, settings, location), settings, location, CancellationToken.None);

            var firstChange = harness.Elb.Calls.First(c => c.Mutating).Index;
            Assert.Equal(2, harness.Elb.Calls.Count(c => c.Name == "DescribeRules" && c.Index < firstChange));
        }

        [Fact]
        public async Task Disable_without_a_preview_reads_the_listener_once_before_its_changes_and_restores_it_exactly()
        {
            var (harness, location) = await NewListenerAsync();
            var before = harness.Elb.Image(harness.ListenerArn);
            await EnableAsync(Service(harness.Elb), harness, location, Settings("203.0.113.7/32"));
            harness.Elb.ClearCalls();

            var status = await Service(harness.Elb).DisableWithoutPreviewAsync(harness.Elb.Target(harness.ListenerArn), CancellationToken.None);

            Assert.Equal(before, harness.Elb.Image(harness.ListenerArn));
            Assert.Equal("Off", status.State);
            var firstChange = harness.Elb.Calls.First(c => c.Mutating).Index;
            Assert.Equal(1, harness.Elb.Calls.Count(c => c.Name == "DescribeRules" && c.Index < firstChange));
            Assert.Null(await new SnapshotStore(moto.Client, location).GetAsync(new SnapshotStore(moto.Client, location).Layout.SnapshotKey(harness.ListenerArn), CancellationToken.None));
        }

        [Fact]
        public async Task A_snapshot_in_the_way_makes_Enable_read_again_under_the_lock_instead_of_trusting_its_first_read()
        {
            // Another run enabled maintenance between this run's read and its lock: the read shows the listener
            // as it was before. Its snapshot write meets that run's snapshot, so the listener is read again.
            var (harness, location) = await NewListenerAsync();
            var store = new SnapshotStore(moto.Client, location);
            var before = harness.Elb.Remember();
            await EnableAsync(Service(harness.Elb), harness, location, Settings("203.0.113.7/32"));
            var key = store.Layout.SnapshotKey(harness.ListenerArn);
            var theirs = (await store.GetAsync(key, CancellationToken.None))!.Content;
            var enabled = harness.Elb.Image(harness.ListenerArn);
            harness.Elb.ClearCalls();

            harness.Elb.LagReadsOnce(before);
            var reporter = new RecordingReporter();
            var status = await EnableAsync(Service(harness.Elb, reporter), harness, location, Settings("203.0.113.7/32"));

            Assert.False(harness.Elb.MutatingCalls.Any(), "the listener is in maintenance with these settings already: nothing to change");
            Assert.True(harness.Elb.Calls.Count(c => c.Name == "DescribeRules") >= 2, "read again after the stale read");
            Assert.Contains(reporter.VerboseLines, l => l.Contains("is already there: reading the listener again under the lock")); // the stale read looked clean
            Assert.Equal(theirs, (await store.GetAsync(key, CancellationToken.None))!.Content);
            Assert.Equal(enabled, harness.Elb.Image(harness.ListenerArn));
            Assert.Equal("On", status.State);
        }

        private async Task<(PlanningHarness Harness, S3Uri Location)> NewListenerAsync()
        {
            var h = await ServiceHarness.CreateAsync(moto);
            h.Listener.Seed(5, Build.When(Build.Path("/static/*")), Build.Fixed("static", "200"));
            return (h.Listener, h.Location);
        }

        private MaintenanceService Service(IElbv2Client elb, IMaintenanceReporter? reporter = null) =>
            new MaintenanceService(elb, location => new SnapshotStore(moto.Client, location), new FakeCallerIdentity(), reporter ?? NullReporter.Instance,
                () => DateTimeOffset.UtcNow, "0.0.0-test", ReadAfterWrite.Immediate);

        private static async Task<MaintenanceStatus> EnableAsync(MaintenanceService service, PlanningHarness harness, S3Uri location, MaintenanceSettings settings)
        {
            var start = service.StartEnableWithoutPreviewAsync(harness.Elb.Target(harness.ListenerArn), CancellationToken.None);
            return await service.EnableWithoutPreviewAsync(start, settings, location, CancellationToken.None);
        }

        private static MaintenanceSettings Settings(params string[] allowIps)
        {
            var settings = Build.Settings(allowIps);
            settings.PageSource = "s3://pages/maintenance.html";
            settings.Reason = "round trips";
            return settings;
        }
    }
}
