using MaintenanceMode.Errors;
using MaintenanceMode.Rules.Bypass;

namespace MaintenanceMode.Tests.Input
{
    public sealed class BypassHeaderCheckTests
    {
        private const string Secret = "b2f1c0d9e8a74f6b9c3d2e1f0a9b8c7d";

        [Theory]
        [InlineData("X-Maintenance-Bypass")]
        [InlineData("x_bypass.v2")]
        [InlineData("!#$%&'+-.^_`|~09azAZ")]
        [InlineData("X-Maintenance-Bypass-0123456789012345678")] // 40 characters
        public void Takes_a_token_name_of_at_most_40_characters(string name)
        {
            Assert.True(name.Length <= 40);
            var warnings = new List<string>();
            var header = BypassHeaderCheck.Check(name, Secret, warnings);

            Assert.Equal(name, header.Name);
            Assert.Equal(Secret, header.Value);
            Assert.Empty(warnings);
        }

        [Theory]
        [InlineData("")]
        [InlineData("X-Maintenance-Bypass-01234567890123456789")] // 41 characters
        [InlineData("X Bypass")]
        [InlineData("X-Bypass:")]
        [InlineData("X(Bypass)")]
        [InlineData("X-Bypass\"")]
        [InlineData("X-By/pass")]
        [InlineData("X-Bypäss")]
        [InlineData("X-Bypass*")]
        [InlineData("X-By\tpass")]
        [InlineData("Host")]
        [InlineData("host")]
        public void Refuses_a_name_ALB_would_refuse(string name)
        {
            Assert.True(name.Length != 40, "a name of exactly 40 characters is taken");
            var error = Assert.Throws<MaintenanceModeException>(() => BypassHeaderCheck.Check(name, Secret, new List<string>()));

            Assert.Equal("InvalidHeaderName", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.DoesNotContain(Secret, error.Message);
        }

        [Theory]
        [InlineData("*")]
        [InlineData("b2f1c0d9e8a74f6b*")]
        [InlineData("b2f1c0d9e8a74f6b?c3d2e1f0a9b8c7d")]
        public void Refuses_wildcards_in_the_value(string value)
        {
            var error = Assert.Throws<MaintenanceModeException>(() => BypassHeaderCheck.Check("X-Bypass", value, new List<string>()));

            Assert.Equal("WildcardInHeaderValue", error.ErrorId);
            Assert.DoesNotContain("b2f1c0d9e8a74f6b", error.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("line\nbreak-b2f1c0d9e8a74f6b")]
        public void Refuses_a_value_no_client_can_send(string value)
        {
            var error = Assert.Throws<MaintenanceModeException>(() => BypassHeaderCheck.Check("X-Bypass", value, new List<string>()));

            Assert.Equal("InvalidHeaderValue", error.ErrorId);
        }

        [Fact]
        public void Refuses_a_value_over_128_characters_and_takes_128()
        {
            Assert.Equal("InvalidHeaderValue", Assert.Throws<MaintenanceModeException>(
                () => BypassHeaderCheck.Check("X-Bypass", new string('a', 129), new List<string>())).ErrorId);
            Assert.Equal(128, BypassHeaderCheck.Check("X-Bypass", new string('a', 128), new List<string>()).Value.Length);
        }

        [Fact]
        public void Warns_on_a_value_shorter_than_16_characters_without_quoting_it()
        {
            var warnings = new List<string>();
            BypassHeaderCheck.Check("X-Bypass", "hush-hush-hush1", warnings); // 15 characters

            var warning = Assert.Single(warnings);
            Assert.Contains("X-Bypass", warning);
            Assert.Contains("ignoring case", warning);
            Assert.DoesNotContain("hush-hush-hush1", warning);

            var none = new List<string>();
            BypassHeaderCheck.Check("X-Bypass", "hush-hush-hush12", none); // 16 characters
            Assert.Empty(none);
        }
    }
}
