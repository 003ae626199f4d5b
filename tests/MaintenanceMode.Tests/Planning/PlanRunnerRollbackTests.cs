using MaintenanceMode.Errors;
using MaintenanceMode.Operations;
using MaintenanceMode.Snapshots;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    public class PlanRunnerRollbackTests
    {
        private static readonly MaintenanceSettings Bypass =
            Settings(allowIps: new[] { "10.0.0.0/8", "203.0.113.0/24" }, headers: new[] { new HeaderMatch("X-Bypass", "k") });

        /// <summary>Priority 1 taken, so the plan tags, shifts, stages copies and flips: every kind of step.</summary>
        private static PlanningHarness Listener(bool moto)
        {
            var h = new PlanningHarness(moto: moto);
            h.Seed(1, When(Host("a.example.com"), Path("/a/*")), Forward("a"));
            h.Seed(2, When(Source("10.1.0.0/16"), Method("POST")), Forward("b"));
            h.Seed(3, When(Header("X-Env", "beta*"), Query("v", "2")), Forward("c"));
            return h;
        }

        public static IEnumerable<object[]> EveryCall()
        {
            var steps = MaintenancePlanner.PlanEnable(Listener(false).ReadAsync().GetAwaiter().GetResult(), Bypass, StateLocation).Steps.Count;
            foreach (var moto in new[] { false, true })
            {
                for (var k = 1; k <= steps; k++)
                {
                    yield return new object[] { moto, k };
                }
            }
        }

        [Theory]
        [MemberData(nameof(EveryCall))]
        public async Task A_failure_at_any_call_of_Enable_leaves_the_listener_as_it_was(bool moto, int k)
        {
            var h = Listener(moto);
            var before = h.Elb.Image(h.ListenerArn);
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation);
            h.Elb.FailingMutatingCalls.Add(k);

            var ex = await Assert.ThrowsAsync<PlanFailedException>(() => h.RunAsync(plan));

            Assert.True(ex.RolledBack, ex.Message);
            Assert.Equal(plan.Steps[k - 1].ToString(), ex.FailedStep.ToString());
            Assert.Equal("Elbv2.InternalFailure", ex.ErrorId);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));

            // Every call made was undone, newest first: k - 1 calls, the failed one, k - 1 undos.
            Assert.Equal(2 * (k - 1) + 1, h.Elb.MutatingCalls.Count());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_failed_undo_reports_what_is_left_and_a_rerun_converges(bool moto)
        {
            var h = Listener(moto);
            var before = h.Elb.Image(h.ListenerArn);
            var state = await h.ReadAsync();
            var snapshot = ListenerSnapshot.Capture(state, DateTimeOffset.UnixEpoch, null, null);
            var plan = MaintenancePlanner.PlanEnable(state, Bypass, StateLocation);
            var flip = plan.Steps.Count;

            // The flip fails, and so does the first undo (of the last bypass copy).
            h.Elb.FailingMutatingCalls.Add(flip);
            h.Elb.FailingMutatingCalls.Add(flip + 1);
            var ex = await Assert.ThrowsAsync<PlanFailedException>(() => h.RunAsync(plan));

            Assert.False(ex.RolledBack);
            Assert.Equal(plan.Steps.Take(flip - 1).Select(s => s.ToString()), ex.LeftApplied.Select(s => s.ToString()));
            Assert.Single(ex.UndoErrors);
            Assert.Contains("remain in effect", ex.Message);
            Assert.Empty(h.RulesWithRole(ModuleTags.MaintenanceRole));

            // Public traffic never moved; a rerun from what is there finishes the job.
            h.Elb.FailingMutatingCalls.Clear();
            var rerun = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation);
            await h.RunAsync(rerun);
            Assert.Equal(1, rerun.FlipCount);
            Assert.Single(h.RulesWithRole(ModuleTags.MaintenanceRole));
            Assert.True(MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation).IsEmpty);

            await h.DisableAsync(snapshot);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        [Fact]
        public async Task A_failed_undo_in_the_middle_of_staging_also_converges()
        {
            var h = Listener(moto: true);
            var before = h.Elb.Image(h.ListenerArn);
            var state = await h.ReadAsync();
            var snapshot = ListenerSnapshot.Capture(state, DateTimeOffset.UnixEpoch, null, null);
            var plan = MaintenancePlanner.PlanEnable(state, Bypass, StateLocation);
            var k = plan.Steps.Count / 2;
            h.Elb.FailingMutatingCalls.Add(k);
            h.Elb.FailingMutatingCalls.Add(k + 2);

            var ex = await Assert.ThrowsAsync<PlanFailedException>(() => h.RunAsync(plan));
            Assert.False(ex.RolledBack);
            Assert.Equal(k - 2, ex.LeftApplied.Count);

            h.Elb.FailingMutatingCalls.Clear();
            await h.RunAsync(MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation));
            Assert.True(MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation).IsEmpty);
            await h.DisableAsync(snapshot);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        [Fact]
        public async Task Generated_listeners_roll_back_from_a_failure_at_every_call()
        {
            var checkedPlans = 0;
            for (var seed = 1; seed <= 60 && checkedPlans < 12; seed++)
            {
                var (h, plan) = await GeneratedAsync(seed);
                if (plan == null || plan.Steps.Count > 40)
                {
                    continue;
                }

                checkedPlans++;
                for (var k = 1; k <= plan.Steps.Count; k++)
                {
                    var (fresh, again) = await GeneratedAsync(seed);
                    var before = fresh.Elb.Image(fresh.ListenerArn);
                    fresh.Elb.FailingMutatingCalls.Add(k);
                    var ex = await Assert.ThrowsAsync<PlanFailedException>(() => fresh.RunAsync(again!));
                    Assert.True(ex.RolledBack, $"seed {seed}, call {k}: {ex.Message}");
                    Assert.True(before == fresh.Elb.Image(fresh.ListenerArn), $"seed {seed}, call {k}: the listener differs after the rollback");
                }
            }

            Assert.True(checkedPlans >= 10, $"only {checkedPlans} generated plans were tried");
        }

        private static async Task<(PlanningHarness, MaintenancePlan?)> GeneratedAsync(int seed)
        {
            var g = new ListenerGenerator(seed);
            var h = new PlanningHarness(seed, moto: true, defaultActions: g.DefaultActions());
            g.Ruleset(h, g.Random.Next(12));
            var settings = g.Settings();
            h.Elb.RuleQuota = settings.RuleQuota;
            try
            {
                return (h, MaintenancePlanner.PlanEnable(await h.ReadAsync(), settings, StateLocation));
            }
            catch (MaintenanceModeException)
            {
                return (h, null);
            }
        }
    }
}
