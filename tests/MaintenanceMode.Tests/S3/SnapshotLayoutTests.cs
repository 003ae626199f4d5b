using System.Text.RegularExpressions;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.State;

namespace MaintenanceMode.Tests.S3
{
    public sealed class SnapshotLayoutTests
    {
        private const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2";
        private static readonly SnapshotLayout Layout = new SnapshotLayout(S3Uri.Parse("s3://bucket-1/maintenance/"));

        [Fact]
        public void Snapshot_key_is_readable_hashed_and_below_the_prefix()
        {
            string key = Layout.SnapshotKey(ListenerArn);

            Assert.Matches(new Regex("^maintenance/listeners/app-my-lb-50dc6c495c0c9188-f2f7dc8efc522ab2-[0-9a-f]{16}\\.json$"), key);
            Assert.True(Layout.Contains(key));
        }

        [Fact]
        public void The_same_arn_always_gives_the_same_key()
        {
            Assert.Equal(Layout.SnapshotKey(ListenerArn), new SnapshotLayout(S3Uri.Parse("s3://bucket-1/maintenance/")).SnapshotKey(ListenerArn));
        }

        [Fact]
        public void The_same_listener_path_in_another_region_or_account_gets_another_key()
        {
            string otherRegion = ListenerArn.Replace("us-east-1", "eu-west-1");
            string otherAccount = ListenerArn.Replace("123456789012", "210987654321");

            Assert.NotEqual(Layout.SnapshotKey(ListenerArn), Layout.SnapshotKey(otherRegion));
            Assert.NotEqual(Layout.SnapshotKey(ListenerArn), Layout.SnapshotKey(otherAccount));
        }

        [Fact]
        public void Locks_live_apart_from_snapshots()
        {
            Assert.StartsWith("maintenance/locks/", Layout.LockKey(ListenerArn));
            Assert.NotEqual(Layout.SnapshotKey(ListenerArn), Layout.LockKey(ListenerArn));
        }

        [Fact]
        public void Unsafe_characters_never_reach_the_key()
        {
            string key = Layout.SnapshotKey("arn:aws:x:r:a:thing/../we ird?#name/" + new string('z', 300));

            Assert.Matches(new Regex("^maintenance/listeners/[A-Za-z0-9._-]{1,100}-[0-9a-f]{16}\\.json$"), key);
            Assert.DoesNotContain("..", key.Substring("maintenance/listeners/".Length));
        }

        [Fact]
        public void A_store_location_must_be_a_folder()
        {
            Assert.Throws<ArgumentException>(() => new SnapshotLayout(S3Uri.Parse("s3://bucket-1/maintenance")));
        }
    }
}
