using MaintenanceMode.Errors;
using MaintenanceMode.Routing;
using MaintenanceMode.Rules.Bypass;

namespace MaintenanceMode.Tests.Refusals
{
    public class BypassScopeTests
    {
        [Theory]
        [InlineData("0.0.0.0/0")]
        [InlineData("::/0")]
        [InlineData("0.0.0.0/1", "128.0.0.0/1")]
        [InlineData("128.0.0.0/2", "0.0.0.0/1", "192.0.0.0/2", "203.0.113.7/32")]
        [InlineData("::/1", "8000::/1", "10.0.0.0/8")]
        public void An_allow_list_covering_a_whole_family_is_refused(params string[] cidrs)
        {
            var refusal = BypassScope.Refusal(cidrs.Select(CidrBlock.Parse).ToList(), allowHeaderGivenEmpty: false);

            Assert.NotNull(refusal);
            Assert.Equal(ErrorIds.BypassAllowsEveryone, refusal!.Value.ErrorId);
            Assert.Contains("leave -AllowSourceIp out", refusal.Value.Message);
        }

        [Theory]
        [InlineData("203.0.113.7/32")]
        [InlineData("0.0.0.0/1")]
        [InlineData("0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7", "254.0.0.0/8", "255.0.0.0/9")]
        [InlineData("0.0.0.0/1", "2001:db8::/32", "8000::/1")]
        [InlineData("::/1", "0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3")]
        public void An_allow_list_that_leaves_someone_out_is_accepted(params string[] cidrs)
        {
            Assert.Null(BypassScope.Refusal(cidrs.Select(CidrBlock.Parse).ToList(), allowHeaderGivenEmpty: false));
        }

        [Fact]
        public void An_empty_AllowHeader_table_is_refused_with_what_was_probably_meant()
        {
            var refusal = BypassScope.Refusal(new CidrBlock[0], allowHeaderGivenEmpty: true);

            Assert.Equal(ErrorIds.AllowHeaderEmpty, refusal!.Value.ErrorId);
            Assert.Contains("-AllowHeader @{ 'X-Bypass' = '<secret>' }", refusal.Value.Message);
        }
    }
}
