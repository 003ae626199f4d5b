using MaintenanceMode.Aws.Elbv2;
using static MaintenanceMode.Tests.Planning.Build;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>The fake must hold plans to what AWS enforces, or the planner tests prove nothing.</summary>
    public class FakeElbv2ClientTests
    {
        private static async Task<string> CodeOf(System.Func<Task> call) => (await Assert.ThrowsAsync<Elbv2Exception>(call)).ErrorCode;

        private static CreateRuleRequest Rule(PlanningHarness h, int priority, List<RuleCondition> conditions, List<Action>? actions = null) =>
            new CreateRuleRequest { ListenerArn = h.ListenerArn, Priority = priority, Conditions = conditions, Actions = actions ?? Forward("x") };

        [Fact]
        public async Task Oidc_secrets_are_required_on_create_and_never_described()
        {
            var h = new PlanningHarness();
            var withSecret = h.Seed(1, When(Path("/a")), Oidc("a"));
            var described = (await h.Elb.DescribeRulesAsync(h.ListenerArn)).Single(r => r.RuleArn == withSecret.RuleArn);

            Assert.Null(described.Actions!.Single(a => a.Type == "authenticate-oidc").AuthenticateOidcConfig!.ClientSecret);
            Assert.Equal("ValidationError", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 2, When(Path("/b")), described.Actions))));

            // ModifyRule keeps the stored secret.
            await h.Elb.ModifyRuleAsync(new ModifyRuleRequest { RuleArn = withSecret.RuleArn, Actions = described.Actions });
            Assert.Equal("s3cret", h.Elb.StoredRules(h.ListenerArn).Single(r => r.RuleArn == withSecret.RuleArn).Actions!.First().AuthenticateOidcConfig!.ClientSecret);
        }

        [Fact]
        public async Task Alb_limits_are_enforced()
        {
            var h = new PlanningHarness();
            Assert.Equal("InvalidConfigurationRequest", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Host("a.x.com", "b.x.com", "c.x.com", "d.x.com"))))));
            Assert.Equal("InvalidConfigurationRequest", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Host("a.x.com", "b.x.com", "c.x.com"), Path("/a", "/b"), Method("GET"))))));
            Assert.Equal("InvalidConfigurationRequest", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Host("a.x.com"), Host("b.x.com"))))));
            Assert.Equal("InvalidConfigurationRequest", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Host("*.*.x.com", "?.x.com"), Path("/*/*/*"))))));
            Assert.Equal("ValidationError", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 50001, When(Path("/a"))))));
            Assert.Equal("ValidationError", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Path("/a")), Fixed(new string('x', 1025))))));
            Assert.Equal("ValidationError", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Path("/a")), Fixed("x", "302")))));
            Assert.Equal("ValidationError", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When()))));
            await h.Elb.CreateRuleAsync(Rule(h, 1, When(Path("/a")), Fixed(string.Concat(Enumerable.Repeat("\U0001F600", 1024))))); // 1024 characters
            Assert.Equal("PriorityInUse", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Path("/b"))))));
        }

        [Fact]
        public async Task The_rule_quota_counts_every_listener_of_the_load_balancer()
        {
            var h = new PlanningHarness();
            h.Elb.RuleQuota = 2;
            var other = h.Elb.AddListener(h.LoadBalancer.LoadBalancerArn!, Forward("other"), 443);
            h.Elb.SeedRule(other.ListenerArn!, 1, When(Path("/o")), Forward("o"));
            h.Seed(1, When(Path("/a")), Forward("a"));
            Assert.Equal("TooManyRules", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 2, When(Path("/b"))))));
        }

        [Fact]
        public async Task Missing_rules_are_not_found_and_default_rules_cannot_go()
        {
            var h = new PlanningHarness();
            var a = h.Seed(1, When(Path("/a")), Forward("a"));
            await h.Elb.DeleteRuleAsync(a.RuleArn!);
            Assert.Equal("RuleNotFound", await CodeOf(() => h.Elb.DeleteRuleAsync(a.RuleArn!)));
            var dflt = h.Elb.StoredRules(h.ListenerArn).Single(r => r.IsDefault);
            Assert.Equal("OperationNotPermitted", await CodeOf(() => h.Elb.DeleteRuleAsync(dflt.RuleArn!)));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_swap_passes_on_aws_and_fails_on_moto(bool moto)
        {
            var h = new PlanningHarness(moto: moto);
            var a = h.Seed(1, When(Path("/a")), Forward("a"));
            var b = h.Seed(2, When(Path("/b")), Forward("b"));
            var swap = new[] { new RulePriorityPair { RuleArn = a.RuleArn, Priority = 2 }, new RulePriorityPair { RuleArn = b.RuleArn, Priority = 1 } };

            if (moto)
            {
                Assert.Equal("PriorityInUse", await CodeOf(() => h.Elb.SetRulePrioritiesAsync(swap)));
            }
            else
            {
                await h.Elb.SetRulePrioritiesAsync(swap);
                Assert.Equal(2, h.Priority(a.RuleArn!));
            }

            // A collision in the final order fails on both.
            Assert.Equal("PriorityInUse", await CodeOf(() => h.Elb.SetRulePrioritiesAsync(new[] { new RulePriorityPair { RuleArn = a.RuleArn, Priority = h.Priority(b.RuleArn!) } })));
        }

        [Fact]
        public async Task Rules_come_back_shuffled_and_with_mirrored_values()
        {
            var h = new PlanningHarness(seed: 7);
            for (var i = 1; i <= 20; i++)
            {
                h.Seed(i, When(Path("/p" + i)), Forward("p"));
            }

            var described = await h.Elb.DescribeRulesAsync(h.ListenerArn);
            Assert.NotEqual(described.OrderBy(r => r.IsDefault ? int.MaxValue : int.Parse(r.Priority!)).Select(r => r.RuleArn), described.Select(r => r.RuleArn));
            Assert.All(described.Where(r => !r.IsDefault), r => Assert.Equal(r.Conditions![0].PathPatternConfig!.Values, r.Conditions[0].Values));
        }

        [Fact]
        public async Task Calls_are_recorded_and_a_chosen_mutating_call_fails_without_acting()
        {
            var h = new PlanningHarness();
            h.Elb.FailingMutatingCalls.Add(2);
            await h.Elb.CreateRuleAsync(Rule(h, 1, When(Path("/a"))));
            var ex = await Assert.ThrowsAsync<Elbv2Exception>(() => h.Elb.CreateRuleAsync(Rule(h, 2, When(Path("/b")))));
            await h.Elb.DescribeRulesAsync(h.ListenerArn);

            Assert.True(ex.IsRetryable == false && ex.ErrorCode == "InternalFailure");
            Assert.Equal(new[] { "CreateRule", "CreateRule", "DescribeRules" }, h.Elb.Calls.Select(c => c.Name));
            Assert.Equal(new[] { 1, 2 }, h.Elb.MutatingCalls.Select(c => c.MutatingIndex));
            Assert.Equal("InternalFailure", h.Elb.Calls[1].ErrorCode);
            Assert.Equal(2, h.Elb.StoredRules(h.ListenerArn).Count);
        }

        [Fact]
        public async Task A_lost_reply_leaves_the_change_made_and_answers_what_the_retry_meets()
        {
            var h = new PlanningHarness();
            h.Elb.LoseReplyOnce(c => c.Name == "CreateRule");

            Assert.Equal("PriorityInUse", await CodeOf(() => h.Elb.CreateRuleAsync(Rule(h, 1, When(Path("/a"))))));
            await h.Elb.CreateRuleAsync(Rule(h, 2, When(Path("/b")))); // once only

            Assert.Equal(new[] { "/a", "/b" }, h.Elb.StoredRules(h.ListenerArn).Where(r => !r.IsDefault).Select(r => r.Conditions![0].PathPatternConfig!.Values![0]));
            Assert.Equal(1, h.Elb.LostReply!.MutatingIndex);
            Assert.Equal(new string?[] { null, "PriorityInUse", null }, h.Elb.MutatingCalls.Select(c => c.ErrorCode));
        }

        [Fact]
        public async Task A_lagging_read_answers_the_remembered_rules_and_no_tags_for_a_rule_created_since_once()
        {
            var h = new PlanningHarness();
            var earlier = h.Elb.Remember();
            var added = await h.Elb.CreateRuleAsync(Rule(h, 1, When(Path("/a"))));
            await h.Elb.AddTagsAsync(new[] { added.RuleArn! }, new[] { new Tag { Key = "team", Value = "a" } });
            h.Elb.LagReadsOnce(earlier);

            Assert.Single(await h.Elb.DescribeRulesAsync(h.ListenerArn)); // the default rule only
            Assert.Empty((await h.Elb.DescribeTagsAsync(new[] { added.RuleArn! }))[added.RuleArn!]);
            Assert.Equal(2, (await h.Elb.DescribeRulesAsync(h.ListenerArn)).Count);
            Assert.Equal("a", (await h.Elb.DescribeTagsAsync(new[] { added.RuleArn! }))[added.RuleArn!].Single().Value);
        }
    }
}
