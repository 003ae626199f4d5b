using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Snapshots.Restore;
using MaintenanceMode.State;
using MaintenanceMode.State.Locks;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.Tests.Operations;

namespace MaintenanceMode.Tests.Snapshots
{
    /// <summary>
    /// Restore-ListenerSnapshot runs through the same lock as Enable and Disable: in the state location the
    /// listener's tag names, or the one its snapshot was read from, so its calls never interleave with a
    /// maintenance run there.
    /// The in-memory ELBv2 holds the listener; S3 is moto.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class RestoreLockTests(MotoServerFixture moto)
    {
        [Fact]
        public async Task A_restore_from_a_snapshot_in_a_state_location_is_refused_while_a_run_holds_the_listener_there()
        {
            var (harness, store, service, snapshot) = await ChangedListenerAsync();
            var target = harness.Elb.Target(harness.ListenerArn);
            var key = store.Layout.SnapshotKey(harness.ListenerArn);
            await store.PutNewAsync(key, snapshot.ToJson(), CancellationToken.None);
            var source = $"s3://{store.Location.Bucket}/{key}";
            var preview = await service.PrepareRestoreAsync(snapshot, source, target, new RestoreOptions { RemoveAdded = true }, CancellationToken.None);
            Assert.False(preview.Plan.IsEmpty);
            var before = harness.Elb.Image(harness.ListenerArn);
            var locks = new OperationLock(store);
            var held = await locks.AcquireAsync(LockRecord.ForCurrentProcess(harness.ListenerArn, "someone", "Disable-Maintenance", DateTimeOffset.UtcNow, OperationLock.DefaultLease), CancellationToken.None);
            harness.Elb.ClearCalls();

            await Assert.ThrowsAsync<LockHeldException>(() => service.RestoreAsync(preview, CancellationToken.None));

            Assert.Empty(harness.Elb.MutatingCalls);
            Assert.Equal(before, harness.Elb.Image(harness.ListenerArn));

            await locks.ReleaseAsync(held, CancellationToken.None);
            var result = await service.RestoreAsync(preview, CancellationToken.None);

            Assert.Empty(result.Remaining);
            Assert.NotEmpty(harness.Elb.MutatingCalls);
            Assert.Null(await store.GetAsync(store.Layout.LockKey(harness.ListenerArn), CancellationToken.None));
        }

        [Fact]
        public void Only_a_snapshot_where_the_layout_keeps_the_listeners_names_a_state_location()
        {
            const string arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";
            var kept = new SnapshotLayout(S3Uri.ParsePrefix("s3://ops/state/")).SnapshotKey(arn);

            Assert.Equal("s3://ops/state/", SnapshotLayout.StateLocationOf(S3Uri.Parse("s3://ops/" + kept), arn)!.ToString());
            Assert.Null(SnapshotLayout.StateLocationOf(S3Uri.Parse("s3://ops/state/elsewhere.json"), arn));
            Assert.Null(SnapshotLayout.StateLocationOf(S3Uri.Parse("s3://ops/" + kept), arn.Replace("f2f7", "0000")));
        }

        private async Task<(PlanningHarness, SnapshotStore, ListenerSnapshotService, ListenerSnapshot)> ChangedListenerAsync()
        {
            var h = await ServiceHarness.CreateAsync(moto);
            var snapshot = ListenerSnapshot.Capture(await h.Listener.ReadAsync(), DateTimeOffset.UtcNow, null, null);

            // Then the listener changed: a rule was added that the restore removes.
            h.Listener.Seed(3, Build.When(Build.Path("/added/*")), Build.Forward("added"));
            return (h.Listener, h.Store, h.SnapshotService(), snapshot);
        }
    }
}
