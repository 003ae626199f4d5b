using MaintenanceMode.Aws.Elbv2;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// Anyone allowed AddTags can put the module's role tag on a user's rule. The module deletes only rules it
    /// made: a rule the snapshot lists as the user's is the user's, whatever its tags say.
    /// </summary>
    public class RoleTaggedUserRuleTests
    {
        [Theory]
        [InlineData(ModuleTags.BypassRole)]
        [InlineData(ModuleTags.MaintenanceRole)]
        [InlineData(ModuleTags.ApiRole)]
        public async Task Disable_keeps_a_user_rule_tagged_with_a_module_role_and_reports_it(string role)
        {
            var h = new PlanningHarness();
            var first = h.Seed(1, When(Path("/a/*")), Forward("a"));
            var victim = h.Seed(2, When(Path("/b/*")), Forward("b"));
            var (_, snapshot) = await h.EnableAsync(Settings(allowIps: new[] { "203.0.113.0/24" }));
            await h.Elb.AddTagsAsync(new[] { victim.RuleArn! }, new List<Tag> { new Tag { Key = ModuleTags.Role, Value = role } }, CancellationToken.None);

            var plan = MaintenancePlanner.PlanDisable(await h.ReadAsync(), snapshot);
            await h.RunAsync(plan);

            Assert.DoesNotContain(plan.Steps.OfType<DeleteRuleStep>(), d => d.Rule.RuleArn == victim.RuleArn);
            Assert.Equal(2, h.Priority(victim.RuleArn!));
            Assert.Equal(1, h.Priority(first.RuleArn!));
            Assert.Contains(plan.Drift, d => d.Kind == DriftKind.RoleTagged && d.RuleArn == victim.RuleArn);
            Assert.DoesNotContain(h.RulesWithRole(ModuleTags.BypassRole), r => r.RuleArn != victim.RuleArn);
            Assert.DoesNotContain(h.RulesWithRole(ModuleTags.MaintenanceRole), r => r.RuleArn != victim.RuleArn);
        }

        [Fact]
        public async Task Without_a_snapshot_to_tell_them_apart_role_tags_decide_as_before()
        {
            var h = new PlanningHarness();
            h.Seed(1, When(Path("/a/*")), Forward("a"));
            await h.EnableAsync(Settings(allowIps: new[] { "203.0.113.0/24" }));

            var plan = MaintenancePlanner.PlanDisable(await h.ReadAsync(), snapshot: null);

            Assert.Contains(plan.Steps.OfType<DeleteRuleStep>(), d => d.FlipsPublicTraffic);
            Assert.DoesNotContain(plan.Drift, d => d.Kind == DriftKind.RoleTagged);
        }
    }
}
