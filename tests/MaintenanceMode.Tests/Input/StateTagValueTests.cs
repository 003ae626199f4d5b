using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Input
{
    public sealed class StateTagValueTests
    {
        [Theory]
        [InlineData("s3://state-bucket/maintenance-mode/")]
        [InlineData("s3://state-bucket/")]
        [InlineData("s3://state.bucket/team_a/prod=eu+1@x/")]
        [InlineData("s3://state-bucket/équipe 2/")]
        public void Takes_a_location_AWS_takes_as_a_tag_value(string text)
        {
            StateTagValue.Check(S3Uri.ParsePrefix(text));
        }

        [Theory]
        [InlineData("s3://state-bucket/ops!/", "'!'")]
        [InlineData("s3://state-bucket/a,b/", "','")]
        [InlineData("s3://state-bucket/(prod)/", "'('")]
        [InlineData("s3://state-bucket/it's/", "'''")]
        public void Refuses_characters_outside_the_tag_value_pattern(string text, string named)
        {
            var error = Assert.Throws<MaintenanceModeException>(() => StateTagValue.Check(S3Uri.ParsePrefix(text)));

            Assert.Equal("InvalidStateUri", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(named, error.Message);
        }

        [Fact]
        public void Takes_the_longest_location_whose_tag_with_the_digest_fits_256_characters_and_refuses_one_more()
        {
            const string head = "s3://state-bucket/";
            var max = StateTagValue.MaxLocationLength;
            var fits = S3Uri.ParsePrefix(head + new string('p', max - head.Length - 1) + "/");
            Assert.Equal(max, fits.ToString().Length);
            StateTagValue.Check(fits);
            // The tag AWS is asked to hold: the location and the snapshot's digest, exactly at AWS's limit.
            Assert.Equal(256, StateTag.Format(fits.ToString(), StateTag.Digest("{}")).Length);

            var over = S3Uri.ParsePrefix(head + new string('p', max - head.Length) + "/");
            var error = Assert.Throws<MaintenanceModeException>(() => StateTagValue.Check(over));
            Assert.Equal("InvalidStateUri", error.ErrorId);
            Assert.Contains((max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
            Assert.Contains("256", error.Message);
        }
    }
}
