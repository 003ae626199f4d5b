using System.IO;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Identity;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Snapshots.Restore;
using MaintenanceMode.State;

namespace MaintenanceMode.Tests.Snapshots
{
    public sealed class ListenerSnapshotServiceTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "snapshot-tests-" + Guid.NewGuid().ToString("N"));
        private readonly SnapshotTestListener _listener = new SnapshotTestListener();
        private readonly ListenerSnapshotService _service;

        public ListenerSnapshotServiceTests()
        {
            Directory.CreateDirectory(_folder);
            _service = new ListenerSnapshotService(_listener.Elb, _ => throw new InvalidOperationException("no S3 in these tests"), new FixedCaller(),
                NullReporter.Instance, () => new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), "0.1.0");
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public async Task A_saved_file_reads_back_as_the_same_snapshot()
        {
            var path = Path.Combine(_folder, "listener.json");
            var target = await _service.ResolveAsync(SnapshotTestListener.ListenerArn, default);

            var info = await _service.SaveAsync(target, SnapshotLocation.File(path), overwrite: false, default);
            var read = await _service.LoadAsync(SnapshotLocation.File(path), null, default);

            Assert.Equal(path, info.Location);
            Assert.Equal(5, info.RuleCount);
            Assert.Equal(ListenerSnapshot.CurrentSchemaVersion, info.SchemaVersion);
            Assert.Equal("arn:aws:iam::123456789012:user/test", read.CapturedBy);
            Assert.Equal(_listener.Snapshot.ToJson(), read.ToJson());
            Assert.Empty(await _service.CompareAsync(read, target, default));
        }

        [Fact]
        public async Task An_existing_snapshot_is_kept_unless_overwrite()
        {
            var path = Path.Combine(_folder, "listener.json");
            File.WriteAllText(path, "keep me");
            var target = await _service.ResolveAsync(SnapshotTestListener.ListenerArn, default);

            var error = await Assert.ThrowsAsync<MaintenanceModeException>(() => _service.SaveAsync(target, SnapshotLocation.File(path), overwrite: false, default));

            Assert.Equal(ErrorIds.SnapshotAlreadyExists, error.ErrorId);
            Assert.Equal("keep me", File.ReadAllText(path));
            await _service.SaveAsync(target, SnapshotLocation.File(path), overwrite: true, default);
            Assert.StartsWith("{", File.ReadAllText(path));
        }

        [Theory]
        [InlineData("{ not json", ErrorIds.SnapshotCorrupt)]
        [InlineData("{\"SchemaVersion\": 99, \"ListenerArn\": \"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/0123456789abcdef/00000000000000aa\"}", ErrorIds.SnapshotCorrupt)]
        [InlineData("{\"SchemaVersion\": 1, \"ListenerArn\": \"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/0123456789abcdef/00000000000000aa\"}", ErrorIds.SnapshotCorrupt)]
        [InlineData("{\"SchemaVersion\": 1, \"ListenerArn\": \"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/other/0123456789abcdef/00000000000000bb\", \"DefaultActions\": [{\"Type\": \"forward\"}]}", ErrorIds.SnapshotListenerMismatch)]
        public async Task A_bad_file_is_refused_with_its_id(string content, string errorId)
        {
            var path = Path.Combine(_folder, "bad.json");
            File.WriteAllText(path, content);

            var error = await Assert.ThrowsAsync<MaintenanceModeException>(() => _service.LoadAsync(SnapshotLocation.File(path), SnapshotTestListener.ListenerArn, default));

            Assert.Equal(errorId, error.ErrorId);
        }

        [Fact]
        public async Task A_missing_file_is_SnapshotNotFound()
        {
            var error = await Assert.ThrowsAsync<MaintenanceModeException>(() => _service.LoadAsync(SnapshotLocation.File(Path.Combine(_folder, "none.json")), null, default));

            Assert.Equal(ErrorIds.SnapshotNotFound, error.ErrorId);
        }

        [Fact]
        public void An_s3_folder_resolves_to_the_key_Enable_uses_for_the_listener()
        {
            var location = SnapshotLocation.InS3("s3://bucket/state/").For(SnapshotTestListener.ListenerArn);

            Assert.Equal("s3://bucket/" + new SnapshotLayout(S3Uri.Parse("s3://bucket/state/")).SnapshotKey(SnapshotTestListener.ListenerArn), location.ToString());
            Assert.Equal("s3://bucket/a/b.json", SnapshotLocation.InS3("s3://bucket/a/b.json").For(SnapshotTestListener.ListenerArn).ToString());
        }

        [Fact]
        public async Task Restore_reports_recreated_rules_and_reads_back_no_difference()
        {
            _listener.Elb.RemoveRule(_listener.Arns[1]);
            var added = _listener.Add(30, "/added/*", "tg-added").RuleArn;
            var target = await _service.ResolveAsync(SnapshotTestListener.ListenerArn, default);

            var preview = await _service.PrepareRestoreAsync(_listener.Snapshot, "test", target, new RestoreOptions { RemoveAdded = true }, default);
            var result = await _service.RestoreAsync(preview, default);

            var recreated = Assert.Single(result.RecreatedRules);
            Assert.Equal(_listener.Arns[1], recreated.SnapshotRuleArn);
            Assert.Equal(2, recreated.Priority);
            Assert.Equal(new[] { added! }, result.RemovedRules);
            Assert.Equal(2, result.Calls.Count);
            Assert.Empty(result.Remaining);
        }

        private sealed class FixedCaller : ICallerIdentity
        {
            public Task<string?> GetCallerArnAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("arn:aws:iam::123456789012:user/test");
        }
    }
}
