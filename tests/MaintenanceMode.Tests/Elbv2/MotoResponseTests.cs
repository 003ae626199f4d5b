using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Elbv2
{
    /// <summary>Responses recorded from moto 5.2.1 (single-line XML, its own member order) decode too.</summary>
    public class MotoResponseTests
    {
        [Fact]
        public void Moto_describe_rules_decodes_weights_maps_and_the_default_rule()
        {
            var rules = QueryXmlReader.ReadList<Rule>(Elbv2Fixtures.Result("DescribeRules-moto"), "Rules");

            Assert.Equal(new[] { "10", "20", "30", "default" }, rules.Select(r => r.Priority));
            Assert.Equal(new int?[] { 80, 20 }, rules[0].Actions![0].ForwardConfig!.TargetGroups!.Select(t => t.Weight));
            Assert.True(rules[0].Actions![0].ForwardConfig!.TargetGroupStickinessConfig!.Enabled);
            Assert.Equal("v", rules[0].Conditions![1].QueryStringConfig!.Values![0].Key);
            Assert.Equal("<h1>back soon</h1>", rules[1].Actions![0].FixedResponseConfig!.MessageBody);
            var oidc = rules[2].Actions![0].AuthenticateOidcConfig!;
            Assert.Equal("login", oidc.AuthenticationRequestExtraParams!["prompt"]);
            Assert.Equal("s", oidc.ClientSecret); // moto returns the secret; AWS never does
            Assert.Equal(2, rules[2].Actions![1].Order);
            Assert.True(rules[3].IsDefault);
            Assert.Empty(rules[3].Conditions!);
        }

        [Fact]
        public void Moto_listeners_and_load_balancers_decode_including_microsecond_timestamps()
        {
            var listener = QueryXmlReader.ReadList<Listener>(Elbv2Fixtures.Result("DescribeListeners-moto"), "Listeners").Single();
            var balancer = QueryXmlReader.ReadList<LoadBalancer>(Elbv2Fixtures.Result("DescribeLoadBalancers-moto"), "LoadBalancers").Single();

            Assert.Equal(80, listener.Port);
            Assert.Equal("forward", listener.DefaultActions!.Single().Type);
            Assert.Equal(balancer.LoadBalancerArn, listener.LoadBalancerArn);
            Assert.Equal("shop", balancer.LoadBalancerName);
            Assert.Equal("active", balancer.State!.Code);
            Assert.Equal(DateTimeKind.Utc, balancer.CreatedTime!.Value.Kind);
            Assert.Equal(12, balancer.CreatedTime.Value.Millisecond);
            Assert.Empty(balancer.SecurityGroups!);
        }
    }
}
