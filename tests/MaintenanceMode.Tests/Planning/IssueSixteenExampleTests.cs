using MaintenanceMode.Errors;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// The listeners issue 16 found refused though ALB allows them, on the fake with moto's stricter
    /// SetRulePriorities: each goes through Enable and comes back exactly with Disable.
    /// </summary>
    public class IssueSixteenExampleTests
    {
        [Theory]
        [InlineData(new[] { 1, 50000 }, false, new[] { 2 })]
        [InlineData(new[] { 1, 50000 }, true, new[] { 5 })]
        [InlineData(new[] { 1, 2, 3, 49998, 49999, 50000 }, false, new[] { 4, 5, 6 })]
        [InlineData(new[] { 1, 2, 3, 49998, 49999, 50000 }, true, new[] { 9, 10, 11 })]
        public async Task Rules_at_the_edges_of_the_range_move_only_as_far_as_they_must(int[] priorities, bool bypass, int[] movedTo)
        {
            var h = new PlanningHarness(moto: true);
            var rules = priorities.Select(p => h.Seed(p, When(Path("/r" + p)), Forward("r" + p))).ToList();
            var before = h.Elb.Image(h.ListenerArn);

            var (plan, snapshot) = await h.EnableAsync(Settings(allowIps: bypass ? new[] { "203.0.113.7/32" } : null));

            // Only the low rules move, in one call, to the nearest priorities no rule holds now; the
            // page sits right in front of them, the copies (one per rule and the default's) before it.
            var now = rules.Select(r => h.Priority(r.RuleArn!)).ToList();
            Assert.Equal(movedTo.Concat(priorities.Skip(movedTo.Length)), now);
            Assert.Single(plan.Steps.OfType<SetRulePrioritiesStep>());
            Assert.Equal(movedTo[0] - 1, h.Priority(h.RulesWithRole(ModuleTags.MaintenanceRole).Single().RuleArn!));
            Assert.Equal(bypass ? priorities.Length + 1 : 0, h.RulesWithRole(ModuleTags.BypassRole).Count);

            await h.DisableAsync(snapshot);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        [Fact]
        public async Task An_OIDC_rule_no_allowed_address_can_reach_needs_no_copy()
        {
            var h = new PlanningHarness(moto: true);
            var oidc = h.Seed(1, When(Source("192.0.2.0/24")), Oidc("app"));
            var before = h.Elb.Image(h.ListenerArn);

            var (_, snapshot) = await h.EnableAsync(Settings(allowIps: new[] { "203.0.113.7/32" }));

            var copy = Assert.Single(h.RulesWithRole(ModuleTags.BypassRole));
            Assert.NotEqual("authenticate-oidc", copy.Actions!.First().Type);
            await h.DisableAsync(snapshot);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
            Assert.Equal(1, h.Priority(oidc.RuleArn!));
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, false)]
        [InlineData(false, true)]
        public async Task A_rule_AWS_would_never_hold_is_refused_before_any_change(bool bypass, bool twoTerminals)
        {
            var h = new PlanningHarness(moto: true);
            h.Seed(10, When(Path("/ok")), Forward("ok"));
            var actions = twoTerminals ? Forward("a").Concat(Fixed("b")).ToList() : new System.Collections.Generic.List<Aws.Elbv2.Action>();
            var odd = h.Seed(20, When(Path("/odd")), Forward("odd"));
            h.Elb.StoredRules(h.ListenerArn).Single(r => r.RuleArn == odd.RuleArn).Actions = actions; // as moto stores it
            var state = await h.ReadAsync();

            var error = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(allowIps: bypass ? new[] { "203.0.113.7/32" } : null), StateLocation));

            Assert.Equal(ErrorIds.InvalidListenerRule, error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);
            Assert.Contains(odd.RuleArn!, error.Message);
            Assert.Empty(h.Elb.MutatingCalls);
        }

        [Theory]
        [InlineData("192.0.2.128/25", false)]
        [InlineData("203.0.113.7/32", true)]
        public async Task An_OIDC_rule_an_allowed_request_can_reach_is_still_refused(string allowed, bool header)
        {
            var h = new PlanningHarness(moto: true);
            h.Seed(1, When(Source("192.0.2.0/24")), Oidc("app"));
            var settings = Settings(allowIps: new[] { allowed }, headers: header ? new[] { new HeaderMatch("X-Bypass", "letmein") } : null);

            var error = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(h.ReadAsync().Result, settings, StateLocation));

            Assert.Equal(ErrorIds.BypassNotPossible, error.ErrorId);
            Assert.Contains("OIDC", error.Message);
        }
    }
}
