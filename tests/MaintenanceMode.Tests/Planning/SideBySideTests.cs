using MaintenanceMode.Aws.Elbv2;
using Xunit.Abstractions;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>Bypass copies created and deleted side by side, a few at a time, in an order no request can tell from one at a time.</summary>
    public class SideBySideTests
    {
        private readonly ITestOutputHelper _output;

        public SideBySideTests(ITestOutputHelper output) => _output = output;

        private static readonly MaintenanceSettings Bypass = WithQuota(Settings(allowIps: new[] { "203.0.113.0/24" }));

        /// <summary>Fifty rules and their copies pass ALB's default quota of 100: a raised quota, as such a load balancer needs.</summary>
        private static MaintenanceSettings WithQuota(MaintenanceSettings settings)
        {
            settings.RuleQuota = 200;
            return settings;
        }

        /// <summary>Priority 1 taken (so the plan shifts), then <paramref name="rules"/> rules on paths of their own.</summary>
        private static PlanningHarness ManyRules(int rules)
        {
            var h = new PlanningHarness(moto: true);
            h.Elb.RuleQuota = 200;
            for (var i = 1; i <= rules; i++)
            {
                h.Seed(i, When(Path($"/app{i}/*")), Forward("t" + i));
            }

            return h;
        }

        [Fact]
        public async Task Only_the_run_of_bypass_copies_goes_side_by_side()
        {
            var h = ManyRules(5);
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation);
            var firstCopy = plan.Steps.ToList().FindIndex(s => s is CreateRuleStep);

            // Tag and shift one at a time; the six copies (five rules and the default) together; the flip alone.
            Assert.Equal(1, PlanRunner.SideBySide(plan.Steps, 0));
            Assert.IsType<SetRulePrioritiesStep>(plan.Steps[firstCopy - 1]);
            Assert.Equal(6, PlanRunner.SideBySide(plan.Steps, firstCopy));
            Assert.True(plan.Steps[firstCopy + 6].FlipsPublicTraffic);
            Assert.Equal(1, PlanRunner.SideBySide(plan.Steps, firstCopy + 6));
        }

        [Fact]
        public async Task A_copy_waits_for_every_earlier_copy_that_may_match_the_same_request()
        {
            var h = new PlanningHarness(moto: true);
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            h.Seed(11, When(Path("/b/*")), Forward("b"));
            h.Seed(12, When(Path("/a/x/*")), Forward("ax"));          // shares /a/x/... with rule 10
            h.Seed(13, When(Host("shop.example.com")), Forward("s")); // any path: may meet every path rule
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation);
            var copies = plan.Steps.Where(s => s is CreateRuleStep c && !s.FlipsPublicTraffic).ToList();

            var waits = PlanRunner.WaitsFor(copies);

            Assert.Equal(5, copies.Count);
            Assert.Empty(waits[0]);
            Assert.Empty(waits[1]);                       // /b/* and /a/* share no path
            Assert.Equal(new[] { 0 }, waits[2]);          // /a/x/* after /a/*
            Assert.Equal(new[] { 0, 1, 2 }, waits[3]);    // the host rule after every path rule
            Assert.Equal(new[] { 0, 1, 2, 3 }, waits[4]); // the default's copy matches everything allowed: last
        }

        [Theory]
        [InlineData("/a/*", "/b/*", false)]
        [InlineData("/a/*", "/a/b", true)]
        [InlineData("/a?", "/ab*", true)]
        [InlineData("/api/v1/*", "/api/v2/*", false)]
        public void Paths_that_share_no_value_cannot_match_the_same_request(string a, string b, bool overlap)
        {
            Assert.Equal(overlap, RuleOverlap.MayMatchTheSameRequest(When(Path(a)), When(Path(b))));
            Assert.Equal(overlap, RuleOverlap.MayMatchTheSameRequest(When(Path(b), Source("10.0.0.0/8")), When(Source("10.0.0.0/8"), Path(a))));
        }

        [Fact]
        public void Hosts_compare_without_case_and_a_regex_is_never_proved_disjoint()
        {
            Assert.True(RuleOverlap.MayMatchTheSameRequest(When(Host("A.example.com")), When(Host("a.EXAMPLE.com"))));
            Assert.False(RuleOverlap.MayMatchTheSameRequest(When(Host("a.example.com")), When(Host("b.example.com"))));
            var regex = new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { RegexValues = new List<string> { "^/b/.*$" } } };
            Assert.True(RuleOverlap.MayMatchTheSameRequest(When(Path("/a/*")), new List<RuleCondition> { regex }));
            Assert.True(RuleOverlap.MayMatchTheSameRequest(When(Path("/a/*")), When(Header("X-A", "1"))));
        }

        [Fact]
        public async Task Fifty_rules_go_up_in_few_rounds_never_more_than_the_window_at_once_and_come_back_exactly()
        {
            var h = ManyRules(50);
            var before = h.Elb.Image(h.ListenerArn);
            var state = await h.ReadAsync();
            var snapshot = ListenerSnapshot.Capture(state, DateTimeOffset.UnixEpoch, null, null);
            var plan = MaintenancePlanner.PlanEnable(state, Bypass, StateLocation);
            var slow = RoundCounter.On(h.Elb);

            await h.RunAsync(plan);
            var enable = (slow.Calls, slow.Rounds, slow.MostAtOnce);
            Assert.Equal(51, h.RulesWithRole(ModuleTags.BypassRole).Count);
            Assert.Single(h.RulesWithRole(ModuleTags.MaintenanceRole));

            slow.Reset();
            await h.RunAsync(MaintenancePlanner.PlanDisable(await h.ReadAsync(), snapshot));
            _output.WriteLine($"Enable: {enable.Calls} calls in {enable.Rounds} rounds, at most {enable.MostAtOnce} at once; Disable: {slow.Calls} calls in {slow.Rounds} rounds, at most {slow.MostAtOnce} at once");

            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
            Assert.Equal(PlanRunner.DefaultWindow, enable.MostAtOnce);
            Assert.Equal(PlanRunner.DefaultWindow, slow.MostAtOnce);
            // Tag, shift, 51 copies six at a time (9 rounds), the flip: the page is up within 12 rounds and some slack
            // for calls answered out of step; one at a time it took 54.
            Assert.Equal(54, enable.Calls);
            Assert.InRange(enable.Rounds, 12, 20);
            Assert.InRange(slow.Rounds, 11, 20);
        }

        [Fact]
        public async Task One_at_a_time_when_the_window_is_one()
        {
            var h = ManyRules(12);
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation);
            var slow = RoundCounter.On(h.Elb);

            await new PlanRunner(h.Elb, NullReporter.Instance, window: 1).RunAsync(plan, "test", CancellationToken.None);

            Assert.Equal(1, slow.MostAtOnce);
            Assert.Equal(slow.Calls, slow.Rounds);
        }

        [Fact]
        public async Task A_copy_that_fails_among_others_under_way_undoes_exactly_what_was_created()
        {
            var h = ManyRules(20);
            var before = h.Elb.Image(h.ListenerArn);
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation);
            var copies = 0;
            var slow = RoundCounter.On(h.Elb);
            slow.Fails = c => IsCopy(c) && ++copies == 9; // the ninth copy from the top fails with a 500, given up

            var ex = await Assert.ThrowsAsync<PlanFailedException>(() => h.RunAsync(plan));

            Assert.True(ex.RolledBack, ex.Message);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
            Assert.Empty(h.RulesWithRole(ModuleTags.BypassRole));
            // No copy started after the failure was known: at most the ones under way then, not all 21.
            var created = h.Elb.Calls.Count(c => IsCopy(c) && c.ErrorCode == null);
            Assert.True(created < 21, $"{created} copies were created");
            Assert.Equal(created, h.Elb.Calls.Count(c => c.Name == "DeleteRule" && c.ErrorCode == null));
        }

        private static bool IsCopy(FakeElbv2Call call) =>
            call.Name == "CreateRule" && ((CreateRuleRequest)call.Request!).Tags!.Any(t => t.Value == ModuleTags.BypassRole);
    }
}
