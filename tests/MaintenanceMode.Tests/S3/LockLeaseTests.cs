using System.Diagnostics;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.State;
using MaintenanceMode.State.Locks;

namespace MaintenanceMode.Tests.S3
{
    /// <summary>The lock's holder told apart by process space and start, and its lease renewed while a run lasts.</summary>
    [Collection(MotoCollection.Name)]
    public sealed class LockLeaseTests(MotoServerFixture moto)
    {
        private const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";
        private static readonly DateTimeOffset Started = new DateTimeOffset(2025, 3, 1, 12, 30, 0, TimeSpan.Zero);

        private static LockRecord Mine(TimeSpan? lease = null) =>
            LockRecord.ForCurrentProcess(ListenerArn, "alice", "Enable-Maintenance", Started, lease ?? OperationLock.DefaultLease);

        [Fact]
        public void The_lock_of_this_running_process_is_Running()
        {
            Assert.Equal(LockHolderState.Running, LockHolder.Judge(Mine(), Started));
        }

        [Fact]
        public void A_lock_of_the_same_host_name_from_another_process_space_is_not_taken_for_dead()
        {
            // The bug: a container or CI runner of the same host name, whose process id is not running here.
            var record = Mine();
            record.ProcessSpace = "linux:another-boot:pid:[4026531836]";
            record.ProcessId = DeadProcessId();
            Assert.Equal(Environment.MachineName, record.Host);

            Assert.Equal(LockHolderState.Elsewhere, LockHolder.Judge(record, Started));
        }

        [Fact]
        public void A_lock_of_this_process_space_whose_process_ended_is_Gone()
        {
            var record = Mine();
            record.ProcessId = DeadProcessId();

            Assert.Equal(LockHolderState.Gone, LockHolder.Judge(record, Started));
        }

        [Fact]
        public void A_process_id_reused_by_another_process_is_Gone()
        {
            var record = Mine();
            record.ProcessStart = "ticks:1";

            Assert.Equal(LockHolderState.Gone, LockHolder.Judge(record, Started));
        }

        [Fact]
        public void A_lock_from_elsewhere_expires_with_its_lease_and_not_before()
        {
            var record = Mine(TimeSpan.FromMinutes(10));
            record.ProcessSpace = "random:elsewhere";

            Assert.Equal(LockHolderState.Elsewhere, LockHolder.Judge(record, Started.AddMinutes(10)));
            Assert.Equal(LockHolderState.LeaseExpired, LockHolder.Judge(record, Started.AddMinutes(10).AddSeconds(1)));
        }

        [Fact]
        public void A_lock_without_a_lease_from_an_earlier_version_never_expires_by_itself()
        {
            var record = Mine();
            record.ProcessSpace = null;
            record.ExpiresAt = null;

            Assert.Equal(LockHolderState.Elsewhere, LockHolder.Judge(record, Started.AddYears(1)));
        }

        [Fact]
        public async Task A_running_holder_renews_its_lease_and_releases_the_version_it_wrote_last()
        {
            var locks = await NewLockAsync();
            var held = await locks.AcquireAsync(Mine(TimeSpan.FromMinutes(10)), CancellationToken.None);
            var now = Started;
            var lease = LockLease.Start(locks, held, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(20), () => now = now.AddMinutes(1));

            var renewed = await WaitForAsync(async () => (await locks.ReadAsync(ListenerArn, CancellationToken.None))!.Record.ExpiresAt > held.Record.ExpiresAt);
            var last = await lease.StopAsync();

            Assert.True(renewed, "the lease was renewed in the lock object");
            Assert.False(lease.Lost);
            var stored = (await locks.ReadAsync(ListenerArn, CancellationToken.None))!;
            Assert.Equal(last.ETag, stored.ETag);
            Assert.Equal(last.Record.ExpiresAt, stored.Record.ExpiresAt);
            Assert.True(await locks.ReleaseAsync(last, CancellationToken.None));
            Assert.Null(await locks.ReadAsync(ListenerArn, CancellationToken.None));
        }

        [Fact]
        public async Task A_renewal_retried_after_its_reply_was_lost_finds_its_own_version_and_still_holds_the_lock()
        {
            var locks = await NewLockAsync();
            var held = await locks.AcquireAsync(Mine(TimeSpan.FromMinutes(10)), CancellationToken.None);
            var until = held.Record.ExpiresAt!.Value.AddMinutes(2);
            var renewed = await locks.RenewAsync(held, until, CancellationToken.None);

            // What an SDK retry sends when the first reply was lost: the same renewal, conditional on the old version.
            var again = await locks.RenewAsync(held, until, CancellationToken.None);

            Assert.Equal(renewed.ETag, again.ETag);
            Assert.Equal(held.Record.LockId, again.Record.LockId);
            Assert.True(await locks.ReleaseAsync(again, CancellationToken.None));
            Assert.Null(await locks.ReadAsync(ListenerArn, CancellationToken.None));
        }

        [Fact]
        public async Task A_lease_whose_lock_was_broken_stops_and_says_it_was_lost()
        {
            var locks = await NewLockAsync();
            var held = await locks.AcquireAsync(Mine(), CancellationToken.None);
            Assert.True(await locks.BreakAsync(held, CancellationToken.None));
            var other = await locks.AcquireAsync(Mine(), CancellationToken.None);

            var lease = LockLease.Start(locks, held, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(20), () => Started);
            Assert.True(await WaitForAsync(() => Task.FromResult(lease.Lost)), "the renewal found the lock taken by another run");
            await lease.StopAsync();

            var stored = (await locks.ReadAsync(ListenerArn, CancellationToken.None))!;
            Assert.Equal(other.Record.LockId, stored.Record.LockId);
            Assert.Equal(other.ETag, stored.ETag);
        }

        private async Task<OperationLock> NewLockAsync()
        {
            string bucket = await moto.CreateBucketAsync();
            return new OperationLock(new SnapshotStore(moto.Client, S3Uri.Parse($"s3://{bucket}/mm/")));
        }

        // Polls a condition the code under test brings about; the bound only keeps a broken build from hanging.
        private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                if (await condition())
                {
                    return true;
                }

                await Task.Delay(10);
            }

            return false;
        }

        private static int DeadProcessId()
        {
            using (var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
            {
                process.WaitForExit();
                return process.Id;
            }
        }
    }
}
