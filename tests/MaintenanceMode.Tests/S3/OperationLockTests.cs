using Amazon.S3.Model;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.State;
using MaintenanceMode.State.Locks;

namespace MaintenanceMode.Tests.S3
{
    [Collection(MotoCollection.Name)]
    public sealed class OperationLockTests(MotoServerFixture moto)
    {
        private const string LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188";
        private static readonly DateTimeOffset Started = new DateTimeOffset(2025, 3, 1, 12, 30, 0, TimeSpan.Zero);

        private async Task<(SnapshotStore Store, OperationLock Lock)> NewLockAsync()
        {
            string bucket = await moto.CreateBucketAsync();
            var store = new SnapshotStore(moto.Client, S3Uri.Parse($"s3://{bucket}/mm/"));
            return (store, new OperationLock(store));
        }

        private static LockRecord Record(string owner, string operation = "Enable-Maintenance") =>
            LockRecord.ForCurrentProcess(LoadBalancerArn, owner, operation, Started, OperationLock.DefaultLease);

        [Fact]
        public async Task Acquire_writes_a_readable_encrypted_record()
        {
            var (store, locks) = await NewLockAsync();

            HeldLock held = await locks.AcquireAsync(Record("alice"), CancellationToken.None);
            HeldLock? read = await locks.ReadAsync(LoadBalancerArn, CancellationToken.None);

            Assert.NotNull(read);
            Assert.Equal(held.Record.LockId, read!.Record.LockId);
            Assert.Equal("alice", read.Record.Owner);
            Assert.Equal("Enable-Maintenance", read.Record.Operation);
            Assert.Equal(Environment.MachineName, read.Record.Host);
            Assert.Equal(Environment.ProcessId, read.Record.ProcessId);
            Assert.Equal(Started, read.Record.StartedAt);
            Assert.Equal(held.ETag, read.ETag);
            var head = await moto.Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = store.Location.Bucket, Key = held.Key });
            // No encryption asked for: the bucket's default applies (this emulator bucket has none).
            Assert.True(head.ServerSideEncryptionMethod == null || string.IsNullOrEmpty(head.ServerSideEncryptionMethod.Value), head.ServerSideEncryptionMethod?.Value);
        }

        [Fact]
        public async Task A_second_acquire_is_LockHeld_and_tells_who_holds_it()
        {
            var (_, locks) = await NewLockAsync();
            HeldLock first = await locks.AcquireAsync(Record("alice"), CancellationToken.None);

            var ex = await Assert.ThrowsAsync<LockHeldException>(() => locks.AcquireAsync(Record("bob", "Disable-Maintenance"), CancellationToken.None));

            Assert.Equal(ErrorIds.MaintenanceInProgress, ex.ErrorId);
            Assert.Equal(first.Record.LockId, ex.Holder!.LockId);
            Assert.Contains("alice", ex.Message);
            Assert.Contains("Enable-Maintenance", ex.Message);
            Assert.Contains(first.Record.LockId, ex.Message);
            Assert.Equal("alice", (await locks.ReadAsync(LoadBalancerArn, CancellationToken.None))!.Record.Owner);
        }

        [Fact]
        public async Task Release_frees_the_lock_for_the_next_operation()
        {
            var (_, locks) = await NewLockAsync();
            HeldLock first = await locks.AcquireAsync(Record("alice"), CancellationToken.None);

            Assert.True(await locks.ReleaseAsync(first, CancellationToken.None));
            Assert.Null(await locks.ReadAsync(LoadBalancerArn, CancellationToken.None));

            HeldLock second = await locks.AcquireAsync(Record("bob"), CancellationToken.None);
            Assert.Equal("bob", second.Record.Owner);
        }

        [Fact]
        public async Task ClearStale_with_another_lock_id_is_refused_and_the_lock_stays()
        {
            var (_, locks) = await NewLockAsync();
            HeldLock held = await locks.AcquireAsync(Record("alice"), CancellationToken.None);

            var ex = await Assert.ThrowsAsync<LockChangedException>(() => locks.ClearStaleAsync(LoadBalancerArn, "0123456789abcdef0123456789abcdef", CancellationToken.None));

            Assert.Equal("LockChanged", ex.ErrorId);
            Assert.Equal(held.Record.LockId, ex.Current!.LockId);
            Assert.NotNull(await locks.ReadAsync(LoadBalancerArn, CancellationToken.None));
        }

        [Fact]
        public async Task ClearStale_with_the_lock_id_read_clears_it()
        {
            var (_, locks) = await NewLockAsync();
            await locks.AcquireAsync(Record("crashed"), CancellationToken.None);
            var refused = await Assert.ThrowsAsync<LockHeldException>(() => locks.AcquireAsync(Record("bob"), CancellationToken.None));

            Assert.True(await locks.ClearStaleAsync(LoadBalancerArn, refused.Holder!.LockId, CancellationToken.None));

            Assert.Null(await locks.ReadAsync(LoadBalancerArn, CancellationToken.None));
            Assert.False(await locks.ClearStaleAsync(LoadBalancerArn, refused.Holder.LockId, CancellationToken.None));
        }

        [Fact]
        public async Task A_late_release_never_removes_the_lock_of_the_operation_that_took_over()
        {
            var (_, locks) = await NewLockAsync();
            HeldLock old = await locks.AcquireAsync(Record("slow"), CancellationToken.None);
            await locks.ClearStaleAsync(LoadBalancerArn, old.Record.LockId, CancellationToken.None);
            HeldLock current = await locks.AcquireAsync(Record("bob"), CancellationToken.None);

            var ex = await Assert.ThrowsAsync<LockChangedException>(() => locks.ReleaseAsync(old, CancellationToken.None));

            Assert.Equal(current.Record.LockId, ex.Current!.LockId);
            Assert.Equal("bob", (await locks.ReadAsync(LoadBalancerArn, CancellationToken.None))!.Record.Owner);
        }

        [Fact]
        public async Task A_lock_object_that_is_not_a_record_is_LockUnreadable()
        {
            var (store, locks) = await NewLockAsync();
            await store.PutNewAsync(store.Layout.LockKey(LoadBalancerArn), "not json", CancellationToken.None);

            var ex = await Assert.ThrowsAsync<S3StoreException>(() => locks.ReadAsync(LoadBalancerArn, CancellationToken.None));

            Assert.Equal(ErrorIds.LockUnreadable, ex.ErrorId);
        }
    }
}
