using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Tests.Elbv2;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Snapshots.Restore;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.AwsBehaviour
{
    /// <summary>
    /// Issue 11 §2.6: a member the ELBv2 model does not know (AWS keeps adding rule features) is never silently
    /// lost. The reader notes it on the rule; Enable, which snapshots and copies rules, and Restore, which
    /// rewrites them, refuse before any change, naming the rule and the member; moving rules (Disable) goes on.
    /// </summary>
    public class UnknownRuleMemberTests
    {
        private const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";
        private const string RulePrefix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/";

        [Fact]
        public async Task The_reader_notes_every_unknown_element_of_a_rule_by_its_path()
        {
            var rules = await ReadFixtureAsync("DescribeRules-unknown");

            Assert.Equal(new[] { "Conditions[2].PathPatternConfig.CaseSensitive" }, Rule(rules, "10").UnmodeledMembers);
            Assert.Empty(Rule(rules, "20").UnmodeledMembers);
            Assert.Equal(new[] { "Labels" }, Rule(rules, "30").UnmodeledMembers);
            Assert.Empty(Rule(rules, "default").UnmodeledMembers);
            Assert.Equal("/shop/*", Rule(rules, "10").Conditions![1].PathPatternConfig!.Values!.Single());
        }

        [Theory]
        [InlineData("DescribeRules-moto")]
        [InlineData("DescribeRules-rich")]
        [InlineData("DescribeRules-page1", "DescribeRules-page2", "DescribeRules-page3")]
        public async Task Answers_of_todays_service_hold_nothing_unknown(params string[] pages)
        {
            var rules = await new Elbv2Client(new FakeQueryTransport(pages.Select(Elbv2Fixtures.Result).ToArray())).DescribeRulesAsync(listenerArn: ListenerArn);

            Assert.NotEmpty(rules);
            Assert.All(rules, r => Assert.Empty(r.UnmodeledMembers));
        }

        [Fact]
        public async Task The_note_is_neither_a_wire_member_nor_part_of_a_snapshot()
        {
            var rule = Rule(await ReadFixtureAsync("DescribeRules-unknown"), "10");

            Assert.DoesNotContain("UnmodeledMembers", ModelJson.Serialize(rule));
            Assert.DoesNotContain(ShapeMembers.Of(typeof(Aws.Elbv2.Rule)), m => m.Name == nameof(Aws.Elbv2.Rule.UnmodeledMembers));
        }

        [Fact]
        public async Task Enable_refuses_before_any_change_naming_each_rule_and_member()
        {
            var state = await StateAsync();

            foreach (var settings in new[] { Settings(), Settings(allowIps: new[] { "10.0.0.0/8" }) })
            {
                var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, settings, StateLocation));

                Assert.Equal(ErrorIds.UnknownRuleMember, ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidData, ex.Kind);
                Assert.Contains($"rule 10 ({RulePrefix}1111111111111111) holds Conditions[2].PathPatternConfig.CaseSensitive", ex.Message);
                Assert.Contains($"rule 30 ({RulePrefix}3333333333333333) holds Labels", ex.Message);
                Assert.DoesNotContain("2222222222222222", ex.Message);
                Assert.Contains("nothing was changed", ex.Message);
            }
        }

        [Fact]
        public async Task Disable_only_moves_rules_and_is_not_refused()
        {
            var state = await StateAsync();

            var plan = MaintenancePlanner.PlanDisable(state, null);

            Assert.True(plan.IsEmpty);
        }

        [Fact]
        public async Task Restore_refuses_to_rewrite_a_rule_holding_an_unknown_member_but_moves_it()
        {
            var state = await StateAsync();
            const string Rule10 = RulePrefix + "1111111111111111";

            // The snapshot had rule 10 at another priority: putting it back is a move, which loses nothing.
            var moved = ListenerSnapshot.Capture(state, DateTimeOffset.UnixEpoch, null, null);
            moved.Rules.Single(r => r.RuleArn == Rule10).Priority = 15;
            var plan = RestorePlanner.Plan(moved, state, new RestoreOptions());
            Assert.NotEmpty(plan.Steps);
            Assert.All(plan.Steps, s => Assert.IsType<SetRulePrioritiesStep>(s));

            // The snapshot had rule 10 answering otherwise: a ModifyRule would drop CaseSensitive.
            var changed = ListenerSnapshot.Capture(state, DateTimeOffset.UnixEpoch, null, null);
            changed.Rules.Single(r => r.RuleArn == Rule10).Actions = Fixed("closed");
            var ex = Assert.Throws<MaintenanceModeException>(() => RestorePlanner.Plan(changed, state, new RestoreOptions()));
            Assert.Equal(ErrorIds.UnknownRuleMember, ex.ErrorId);
            Assert.Contains("1111111111111111", ex.Message);
            Assert.Contains("ModifyRule", ex.Message);
        }

        private static async Task<IReadOnlyList<Rule>> ReadFixtureAsync(string name) =>
            await new Elbv2Client(new FakeQueryTransport(Elbv2Fixtures.Result(name))).DescribeRulesAsync(listenerArn: ListenerArn);

        private static Rule Rule(IReadOnlyList<Rule> rules, string priority) => rules.Single(r => r.Priority == priority);

        private static async Task<ListenerState> StateAsync()
        {
            var rules = (await ReadFixtureAsync("DescribeRules-unknown")).OrderBy(ListenerState.PriorityOf).ToList();
            var loadBalancer = new LoadBalancer { LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188", LoadBalancerName = "shop", Type = "application" };
            var listener = new Listener { ListenerArn = ListenerArn, LoadBalancerArn = loadBalancer.LoadBalancerArn, Port = 80, Protocol = "HTTP", DefaultActions = rules.Single(r => r.IsDefault).Actions };
            var tags = rules.Where(r => !r.IsDefault).ToDictionary(r => r.RuleArn!, _ => new List<Tag>());
            return new ListenerState(loadBalancer, listener, rules, tags, new List<Tag>(), rules.Count - 1);
        }
    }
}
