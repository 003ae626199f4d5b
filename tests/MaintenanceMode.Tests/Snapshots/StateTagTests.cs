using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Snapshots
{
    public class StateTagTests
    {
        private const string Listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";
        private const string Json = "{\"SchemaVersion\":1}";

        [Fact]
        public void A_tag_names_the_location_and_the_snapshot_digest()
        {
            var tag = StateTag.Format("s3://ops/maintenance-mode/", StateTag.Digest(Json));

            Assert.Equal("s3://ops/maintenance-mode/", StateTag.LocationOf(tag));
            Assert.Equal(StateTag.Digest(Json), StateTag.DigestOf(tag));
            Assert.Matches("^[0-9a-f]{64}$", StateTag.DigestOf(tag));
            StateTag.Verify(tag, Json, "s3://ops/maintenance-mode/listeners/x.json", Listener);
        }

        [Theory]
        [InlineData("{\"SchemaVersion\":1} ")]
        [InlineData("{\"SchemaVersion\":2}")]
        public void A_snapshot_that_is_not_the_one_the_tag_names_is_refused(string other)
        {
            var tag = StateTag.Format("s3://ops/maintenance-mode/", StateTag.Digest(Json));

            var ex = Assert.Throws<MaintenanceModeException>(() => StateTag.Verify(tag, other, "s3://ops/maintenance-mode/listeners/x.json", Listener));

            Assert.Equal(ErrorIds.SnapshotDigestMismatch, ex.ErrorId);
            Assert.Contains(StateTag.Digest(other), ex.Message);
        }

        [Fact]
        public void A_tag_without_a_digest_is_refused()
        {
            var ex = Assert.Throws<MaintenanceModeException>(() => StateTag.Verify("s3://ops/maintenance-mode/", Json, "s3://ops/maintenance-mode/listeners/x.json", Listener));

            Assert.Equal(ErrorIds.SnapshotDigestMismatch, ex.ErrorId);
            Assert.Null(StateTag.DigestOf("s3://ops/maintenance-mode/"));
            Assert.Equal("s3://ops/maintenance-mode/", StateTag.LocationOf("s3://ops/maintenance-mode/"));
        }
    }
}
