using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Moto
{
    /// <summary>Every operation of the typed ELBv2 client, against moto's real API on loopback.</summary>
    [Trait("Category", "Integration")]
    [Collection(MotoCollection.Name)]
    public class Elbv2ClientMotoTests(MotoServerFixture moto)
    {
        private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}".Substring(0, 24);

        private async Task<(Elbv2Client Client, QueryTransport Transport, MotoLoadBalancer Alb)> SetUpAsync(string prefix, int rules = 3)
        {
            var alb = await MotoLoadBalancerBuilder.CreateAsync(moto, UniqueName(prefix), rules);
            var transport = moto.CreateTransport();
            return (new Elbv2Client(transport), transport, alb);
        }

        [Fact]
        public async Task Describes_the_load_balancer_its_listener_and_every_rule_sorted_by_priority()
        {
            var (elb, transport, alb) = await SetUpAsync("desc", rules: 3);
            using (transport)
            {
                var lbs = await elb.DescribeLoadBalancersAsync(names: new[] { alb.LoadBalancerName });
                Assert.Equal(alb.LoadBalancerArn, Assert.Single(lbs).LoadBalancerArn);
                Assert.Equal("application", lbs[0].Type);

                var listeners = await elb.DescribeListenersAsync(loadBalancerArn: alb.LoadBalancerArn);
                Assert.Equal(alb.ListenerArn, Assert.Single(listeners).ListenerArn);
                Assert.Equal("HTTP", listeners[0].Protocol);

                var rules = await elb.DescribeRulesAsync(listenerArn: alb.ListenerArn);
                Assert.Equal(4, rules.Count);
                Assert.Single(rules, r => r.IsDefault);
                Assert.Equal(alb.RuleArns.OrderBy(a => a), rules.Where(r => !r.IsDefault).Select(r => r.RuleArn!).OrderBy(a => a));
            }
        }

        [Fact]
        public async Task Creates_modifies_reprioritises_tags_and_deletes_a_rule()
        {
            var (elb, transport, alb) = await SetUpAsync("crud", rules: 1);
            using (transport)
            {
                var created = await elb.CreateRuleAsync(new CreateRuleRequest
                {
                    ListenerArn = alb.ListenerArn,
                    Priority = 40,
                    Conditions = new List<RuleCondition> { new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = new List<string> { "/maint/*" } } } },
                    Actions = new List<Action> { new Action { Type = "fixed-response", FixedResponseConfig = new FixedResponseActionConfig { StatusCode = "503", ContentType = "text/html", MessageBody = "<p>back soon é</p>" } } },
                    Tags = new List<Tag> { new Tag { Key = "maintenance-mode:role", Value = "maintenance" } },
                });
                Assert.Equal("40", created.Priority);
                Assert.Equal("<p>back soon é</p>", created.Actions![0].FixedResponseConfig!.MessageBody);

                var tags = await elb.DescribeTagsAsync(new[] { created.RuleArn!, alb.ListenerArn });
                Assert.Equal("maintenance", Assert.Single(tags[created.RuleArn!]).Value);

                var modified = await elb.ModifyRuleAsync(new ModifyRuleRequest
                {
                    RuleArn = created.RuleArn,
                    Actions = new List<Action> { new Action { Type = "fixed-response", FixedResponseConfig = new FixedResponseActionConfig { StatusCode = "502", ContentType = "text/plain", MessageBody = "later" } } },
                });
                Assert.Equal("502", modified.Actions![0].FixedResponseConfig!.StatusCode);

                var moved = await elb.SetRulePrioritiesAsync(new[] { new RulePriorityPair { RuleArn = created.RuleArn, Priority = 41 } });
                Assert.Equal("41", Assert.Single(moved).Priority);

                await elb.AddTagsAsync(new[] { alb.ListenerArn }, new[] { new Tag { Key = "maintenance-mode:state", Value = "s3://b/p/" } });
                Assert.Contains((await elb.DescribeTagsAsync(new[] { alb.ListenerArn }))[alb.ListenerArn], t => t.Key == "maintenance-mode:state");
                await elb.RemoveTagsAsync(new[] { alb.ListenerArn }, new[] { "maintenance-mode:state" });
                Assert.DoesNotContain((await elb.DescribeTagsAsync(new[] { alb.ListenerArn }))[alb.ListenerArn], t => t.Key == "maintenance-mode:state");

                await elb.DeleteRuleAsync(created.RuleArn!);
                Assert.DoesNotContain(await elb.DescribeRulesAsync(listenerArn: alb.ListenerArn), r => r.RuleArn == created.RuleArn);
            }
        }

        [Fact]
        public async Task Modifies_the_listener_default_actions()
        {
            var (elb, transport, alb) = await SetUpAsync("modlis", rules: 0);
            using (transport)
            {
                var listener = await elb.ModifyListenerAsync(new ModifyListenerRequest
                {
                    ListenerArn = alb.ListenerArn,
                    DefaultActions = new List<Action> { new Action { Type = "fixed-response", FixedResponseConfig = new FixedResponseActionConfig { StatusCode = "404", ContentType = "text/plain", MessageBody = "none" } } },
                });
                Assert.Equal("404", listener.DefaultActions![0].FixedResponseConfig!.StatusCode);
            }
        }

        [Fact]
        public async Task A_taken_priority_is_a_typed_PriorityInUse_error()
        {
            var (elb, transport, alb) = await SetUpAsync("inuse", rules: 1);
            using (transport)
            {
                var rules = await elb.DescribeRulesAsync(listenerArn: alb.ListenerArn);
                var taken = rules.First(r => !r.IsDefault);
                var error = await Assert.ThrowsAsync<Elbv2Exception>(() => elb.CreateRuleAsync(new CreateRuleRequest
                {
                    ListenerArn = alb.ListenerArn,
                    Priority = int.Parse(taken.Priority!),
                    Conditions = new List<RuleCondition> { new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = new List<string> { "/x" } } } },
                    Actions = new List<Action> { new Action { Type = "fixed-response", FixedResponseConfig = new FixedResponseActionConfig { StatusCode = "200" } } },
                }));
                Assert.Equal("PriorityInUse", error.ErrorCode);
            }
        }

        [Fact]
        public async Task An_unknown_load_balancer_name_is_a_typed_not_found_error()
        {
            using var transport = moto.CreateTransport();
            var elb = new Elbv2Client(transport);
            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => elb.DescribeLoadBalancersAsync(names: new[] { UniqueName("missing") }));
            Assert.Equal("LoadBalancerNotFound", error.ErrorCode);
        }
    }
}
