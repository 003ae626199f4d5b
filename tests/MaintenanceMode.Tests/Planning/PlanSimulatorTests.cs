using MaintenanceMode.Operations;
using MaintenanceMode.Snapshots;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>-WhatIf's picture of the listener after a plan must be the listener the plan really leaves.</summary>
    public class PlanSimulatorTests
    {
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task The_simulated_listener_is_the_one_the_plan_leaves(bool disableAfterwards)
        {
            var h = new PlanningHarness();
            h.Seed(1, When(Host("a.example.com")), Forward("a"));
            h.Seed(2, When(Source("10.0.0.0/8"), Path("/admin/*")), Forward("admin"));
            h.Seed(3, When(Header("X-Env", "beta")), Fixed("beta"));
            var settings = Settings(allowIps: new[] { "10.1.0.0/16", "203.0.113.7/32" }, headers: new[] { new HeaderMatch("X-Bypass", "k") });
            settings.ApiPathPatterns = new[] { "/api/*" };

            var state = await h.ReadAsync();
            var plan = MaintenancePlanner.PlanEnable(state, settings, StateLocation);
            var snapshot = ListenerSnapshot.Capture(state, System.DateTimeOffset.UnixEpoch, null, null);
            if (disableAfterwards)
            {
                await h.RunAsync(plan);
                state = await h.ReadAsync();
                plan = MaintenancePlanner.PlanDisable(state, snapshot);
            }

            var simulated = PlanSimulator.Apply(state, plan);
            await h.RunAsync(plan);
            var real = await h.ReadAsync();

            string Picture(ListenerState s) => string.Join("\n", s.Rules.Where(r => !r.IsDefault).OrderBy(ListenerState.PriorityOf).Select(r =>
                $"{r.Priority} {s.RoleOf(r) ?? "user"} {ModelCopy.Of(RuleConditions.WithoutMirroredValues(r.Conditions)).Count} {System.Text.Json.JsonSerializer.Serialize(r.Actions, Aws.Elbv2.ModelJson.Options)}"));
            Assert.Equal(Picture(real), Picture(simulated));
            Assert.Equal(real.StateLocation, simulated.StateLocation);
        }

        [Fact]
        public async Task Sample_routes_name_the_page_for_a_visitor_and_the_copy_for_an_allowed_source()
        {
            var h = new PlanningHarness();
            h.Seed(1, When(Path("/*")), Forward("web"));
            var settings = Settings(allowIps: new[] { "203.0.113.0/24" });
            var state = await h.ReadAsync();
            var plan = MaintenancePlanner.PlanEnable(state, settings, StateLocation);

            var before = SampleRoutes.Describe(state, settings);
            var after = SampleRoutes.Describe(PlanSimulator.Apply(state, plan), settings);

            Assert.All(before, line => Assert.Contains("gets through", line));
            Assert.Contains(after, line => line.Contains("from 192.0.2.1 gets the page"));
            Assert.Contains(after, line => line.Contains("from 203.0.113.1 gets through (a bypass copy): forward"));
        }
    }
}
