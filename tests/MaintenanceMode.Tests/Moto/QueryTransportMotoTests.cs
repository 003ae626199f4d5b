using System.Net;
using System.Xml.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Moto
{
    [Trait("Category", "Integration")]
    [Collection(MotoCollection.Name)]
    public class QueryTransportMotoTests(MotoServerFixture moto)
    {
        // Unique per test: the moto process is shared by the collection.
        private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}".Substring(0, 24);

        [Fact]
        public async Task DescribeLoadBalancers_returns_the_created_ALB()
        {
            MotoLoadBalancer alb = await MotoLoadBalancerBuilder.CreateAsync(moto, UniqueName("describe"));
            using QueryTransport elbv2 = moto.CreateTransport();

            XElement result = await elbv2.InvokeAsync("DescribeLoadBalancers",
                MotoLoadBalancerBuilder.Fields(("Names.member.1", alb.LoadBalancerName)), CancellationToken.None);

            XElement member = Assert.Single(result.Descendants(), e => e.Name.LocalName == "member" && e.Parent?.Name.LocalName == "LoadBalancers");
            Assert.Equal(alb.LoadBalancerArn, MotoLoadBalancerBuilder.Value(member, "LoadBalancerArn"));
            Assert.Equal("application", MotoLoadBalancerBuilder.Value(member, "Type"));
            Assert.Equal(alb.VpcId, MotoLoadBalancerBuilder.Value(member, "VpcId"));
        }

        [Fact]
        public async Task DescribeRules_returns_the_created_rules_and_the_default_rule()
        {
            MotoLoadBalancer alb = await MotoLoadBalancerBuilder.CreateAsync(moto, UniqueName("rules"), ruleCount: 3);
            using QueryTransport elbv2 = moto.CreateTransport();

            XElement result = await elbv2.InvokeAsync("DescribeRules",
                MotoLoadBalancerBuilder.Fields(("ListenerArn", alb.ListenerArn)), CancellationToken.None);

            var priorities = result.Descendants().Where(e => e.Name.LocalName == "Priority").Select(e => e.Value).OrderBy(p => p).ToList();
            Assert.Equal(new[] { "1", "2", "3", "default" }, priorities);
            var arns = result.Descendants().Where(e => e.Name.LocalName == "RuleArn").Select(e => e.Value).ToList();
            Assert.All(alb.RuleArns, arn => Assert.Contains(arn, arns));
        }

        [Fact]
        public async Task CreateRule_with_a_taken_priority_fails_with_PriorityInUse_and_is_not_retried()
        {
            MotoLoadBalancer alb = await MotoLoadBalancerBuilder.CreateAsync(moto, UniqueName("taken"), ruleCount: 2);
            var notices = new List<RetryNotice>();
            using QueryTransport elbv2 = moto.CreateTransport(onRetry: notices.Add);

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => elbv2.InvokeAsync("CreateRule",
                MotoLoadBalancerBuilder.RuleFields(alb.ListenerArn, 2, "/other/*", alb.TargetGroupArn), CancellationToken.None));

            Assert.Equal("PriorityInUse", error.ErrorCode);
            Assert.Equal(Elbv2ErrorType.Sender, error.ErrorType);
            Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
            Assert.False(error.IsRetryable);
            Assert.Empty(notices);
        }

        [Fact]
        public async Task DeleteRule_of_the_default_rule_becomes_a_clear_Elbv2Exception()
        {
            MotoLoadBalancer alb = await MotoLoadBalancerBuilder.CreateAsync(moto, UniqueName("default"), ruleCount: 1);
            using QueryTransport elbv2 = moto.CreateTransport(retryPolicy: RetryPolicy.NoRetries);
            XElement rules = await elbv2.InvokeAsync("DescribeRules", MotoLoadBalancerBuilder.Fields(("ListenerArn", alb.ListenerArn)), CancellationToken.None);
            string defaultRuleArn = rules.Descendants()
                .Where(e => e.Name.LocalName == "member" && e.Parent?.Name.LocalName == "Rules")
                .Single(rule => rule.Elements().Any(e => e.Name.LocalName == "IsDefault" && e.Value == "true"))
                .Elements().Single(e => e.Name.LocalName == "RuleArn").Value;

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => elbv2.InvokeAsync("DeleteRule",
                MotoLoadBalancerBuilder.Fields(("RuleArn", defaultRuleArn)), CancellationToken.None));

            // AWS answers OperationNotPermitted; moto 5.2.1 fails inside and sends an HTML 500.
            Assert.Equal(Elbv2ErrorCodes.UnexpectedResponse, error.ErrorCode);
            Assert.Equal(HttpStatusCode.InternalServerError, error.HttpStatusCode);
            Assert.Contains("DeleteRule failed", error.Message);
            Assert.Contains("HTTP 500", error.Message);
        }

        [Fact]
        public async Task DescribeRules_of_an_unknown_listener_fails_with_ListenerNotFound()
        {
            using QueryTransport elbv2 = moto.CreateTransport();

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => elbv2.InvokeAsync("DescribeRules",
                MotoLoadBalancerBuilder.Fields(("ListenerArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/none/0123456789abcdef/0123456789abcdef")),
                CancellationToken.None));

            Assert.Equal("ListenerNotFound", error.ErrorCode);
            Assert.Contains("Check the ARN and the region", error.Message);
        }

        [Fact]
        public async Task A_rule_value_with_spaces_and_wildcards_survives_the_round_trip()
        {
            MotoLoadBalancer alb = await MotoLoadBalancerBuilder.CreateAsync(moto, UniqueName("encode"), ruleCount: 0);
            using QueryTransport elbv2 = moto.CreateTransport();
            const string pattern = "/maintenance page/*?x=1&y=é+ü";

            await elbv2.InvokeAsync("CreateRule", MotoLoadBalancerBuilder.RuleFields(alb.ListenerArn, 7, pattern, alb.TargetGroupArn), CancellationToken.None);
            XElement rules = await elbv2.InvokeAsync("DescribeRules", MotoLoadBalancerBuilder.Fields(("ListenerArn", alb.ListenerArn)), CancellationToken.None);

            Assert.Contains(pattern, rules.Descendants().Where(e => e.Name.LocalName == "member" && e.Parent?.Name.LocalName == "Values").Select(e => e.Value));
        }
    }
}
