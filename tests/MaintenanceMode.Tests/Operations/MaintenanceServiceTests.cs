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
    public sealed class MaintenanceServiceTests(MotoServerFixture moto)
    {
        [Fact]
        public async Task A_failed_flip_is_undone_and_leaves_no_snapshot_record_or_lock()
        {
            var h = await ServiceHarness.CreateAsync(moto);
            var before = h.Elb.Image(h.ListenerArn);
            // Priority 1 is taken: AddTags, SetRulePriorities, then the page's CreateRule, which fails for good.
            h.Elb.InjectedErrorCode = "ValidationError";
            h.Elb.FailingMutatingCalls.Add(3);

            var error = await Assert.ThrowsAnyAsync<MaintenanceModeException>(() => h.EnableAsync(Build.Settings()));

            Assert.Contains("CreateRule", error.Message);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
            Assert.Empty(await KeysAsync(h.Location));
        }

        [Fact]
        public async Task A_run_holding_the_lock_keeps_Enable_out_and_nothing_changes()
        {
            var h = await ServiceHarness.CreateAsync(moto);
            var before = h.Elb.Image(h.ListenerArn);
            var locks = new OperationLock(h.Store);
            var held = await locks.AcquireAsync(LockRecord.ForCurrentProcess(h.ListenerArn, "someone", "Disable-Maintenance", DateTimeOffset.UtcNow, OperationLock.DefaultLease), CancellationToken.None);
            h.Elb.ClearCalls();

            await Assert.ThrowsAsync<LockHeldException>(() => h.EnableAsync(Build.Settings()));

            Assert.Empty(h.Elb.MutatingCalls);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
            Assert.Equal(new[] { held.Key }, await KeysAsync(h.Location));
        }

        private async Task<string[]> KeysAsync(S3Uri location)
        {
            var listed = await moto.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Key });
            return (listed.S3Objects ?? new System.Collections.Generic.List<S3Object>()).Select(o => o.Key).ToArray();
        }
    }
}
