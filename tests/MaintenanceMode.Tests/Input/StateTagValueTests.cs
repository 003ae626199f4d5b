using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Maintenance;
using Xunit;

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
        public void Refuses_a_location_over_256_characters_and_takes_256()
        {
            const string head = "s3://state-bucket/";
            var fits = S3Uri.ParsePrefix(head + new string('p', 256 - head.Length - 1) + "/");
            Assert.Equal(256, fits.ToString().Length);
            StateTagValue.Check(fits);

            var over = S3Uri.ParsePrefix(head + new string('p', 256 - head.Length) + "/");
            var error = Assert.Throws<MaintenanceModeException>(() => StateTagValue.Check(over));
            Assert.Equal("InvalidStateUri", error.ErrorId);
            Assert.Contains("257", error.Message);
        }
    }
}
