using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Transport
{
    public class QueryFormEncoderTests
    {
        [Theory]
        [InlineData("a b", "a%20b")]          // never '+': '+' would be read back as a space only by form decoders
        [InlineData("/api/*", "%2Fapi%2F%2A")] // '*' and '/' are reserved in RFC 3986; older .NET Framework escaping left '*' literal
        [InlineData("a=b&c", "a%3Db%26c")]
        [InlineData("1+1", "1%2B1")]
        [InlineData("-_.~", "-_.~")]
        [InlineData("café", "caf%C3%A9")]
        [InlineData("維護", "%E7%B6%AD%E8%AD%B7")]
        [InlineData("🚧", "%F0%9F%9A%A7")]
        [InlineData("", "")]
        public void PercentEncode_follows_RFC_3986(string value, string expected)
        {
            Assert.Equal(expected, QueryFormEncoder.PercentEncode(value));
        }

        [Fact]
        public void Encode_puts_action_and_version_first_then_parameters_in_the_given_order()
        {
            string body = QueryFormEncoder.Encode("CreateRule", "2015-12-01", new[]
            {
                Pair("Priority", "10"),
                Pair("Conditions.member.1.Field", "path-pattern"),
                Pair("Conditions.member.1.Values.member.1", "/a b/*"),
            });

            Assert.Equal(
                "Action=CreateRule&Version=2015-12-01&Priority=10&Conditions.member.1.Field=path-pattern"
                + "&Conditions.member.1.Values.member.1=%2Fa%20b%2F%2A",
                body);
        }

        [Fact]
        public void Encode_rejects_an_unpaired_surrogate_instead_of_sending_a_replacement_character()
        {
            Assert.ThrowsAny<ArgumentException>(() => QueryFormEncoder.Encode("CreateRule", "2015-12-01", new[] { Pair("X", "\ud800") }));
        }

        private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
    }
}
