using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// AWS answers RuleNotFound to a DeleteRule of a rule already gone (a retry after a lost reply, or a
    /// person faster than the run); moto answers 200. Either way the rule is gone, as the plan wants.
    /// </summary>
    public class DeleteAlreadyGoneTests
    {
        [Fact]
        public async Task Disable_finishes_when_a_module_rule_it_deletes_is_already_gone()
        {
            var h = new PlanningHarness();
            var user = h.Seed(1, When(Path("/a/*")), Forward("a"));
            var (_, snapshot) = await h.EnableAsync(Settings(allowIps: new[] { "203.0.113.0/24" }));
            var state = await h.ReadAsync();
            var plan = MaintenancePlanner.PlanDisable(state, snapshot);

            // Someone (or a lost reply's first attempt) deletes the page before this run gets to it.
            var page = h.RulesWithRole(ModuleTags.MaintenanceRole).Single();
            await h.Elb.DeleteRuleAsync(page.RuleArn!);
            await h.RunAsync(plan);

            Assert.Empty(h.RulesWithRole(ModuleTags.MaintenanceRole));
            Assert.Empty(h.RulesWithRole(ModuleTags.BypassRole));
            Assert.Equal(1, h.Priority(user.RuleArn!));
        }

        [Fact]
        public async Task The_fake_answers_RuleNotFound_as_AWS_does()
        {
            var h = new PlanningHarness();
            var rule = h.Seed(1, When(Path("/a/*")), Forward("a"));
            await h.Elb.DeleteRuleAsync(rule.RuleArn!);
            var error = await Assert.ThrowsAsync<MaintenanceMode.Aws.Elbv2.Elbv2Exception>(() => h.Elb.DeleteRuleAsync(rule.RuleArn!));
            Assert.Equal("RuleNotFound", error.ErrorCode);
        }
    }
}
