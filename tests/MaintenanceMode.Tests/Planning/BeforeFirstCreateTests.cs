using MaintenanceMode.Reporting;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// The record naming the rules to be created is written beside the calls before the first CreateRule, and must
    /// have succeeded before it: the runner waits for it there, and a failed write undoes what ran.
    /// </summary>
    public sealed class BeforeFirstCreateTests
    {
        private static PlanningHarness Listener()
        {
            // Priority 1 taken: the plan tags the listener and moves the rules before it creates the page.
            var h = new PlanningHarness(moto: false);
            h.Seed(1, When(Host("a.example.com")), Forward("a"));
            h.Seed(2, When(Path("/b/*")), Forward("b"));
            return h;
        }

        [Fact]
        public async Task The_calls_before_the_first_CreateRule_go_while_the_write_is_under_way_and_the_create_waits_for_it()
        {
            var h = Listener();
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Settings(), StateLocation);
            var firstCreate = plan.Steps.ToList().FindIndex(s => s is CreateRuleStep);
            Assert.True(firstCreate > 0, "the plan has calls before its first CreateRule");
            var write = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            var run = new PlanRunner(h.Elb, NullReporter.Instance).RunAsync(plan, "test", default, beforeFirstCreate: write.Task);
            await WaitUntil(() => h.Elb.MutatingCalls.Count() == firstCreate);

            Assert.False(run.IsCompleted);
            Assert.DoesNotContain(h.Elb.MutatingCalls, c => c.Name == "CreateRule");
            write.SetResult(true);
            await run;
            Assert.Contains(h.Elb.MutatingCalls, c => c.Name == "CreateRule");
        }

        [Fact]
        public async Task A_failed_write_stops_the_run_before_the_first_CreateRule_and_undoes_what_ran()
        {
            var h = Listener();
            var before = h.Elb.Image(h.ListenerArn);
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Settings(), StateLocation);

            var ex = await Assert.ThrowsAsync<PlanFailedException>(() => new PlanRunner(h.Elb, NullReporter.Instance)
                .RunAsync(plan, "test", default, beforeFirstCreate: Task.FromException(new InvalidOperationException("the record was refused"))));

            Assert.True(ex.RolledBack, ex.Message);
            Assert.Contains("the record was refused", ex.Message);
            Assert.Equal("CreateRule", ex.FailedStep.Operation);
            Assert.DoesNotContain(h.Elb.MutatingCalls, c => c.Name == "CreateRule");
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        private static async Task WaitUntil(Func<bool> condition)
        {
            for (var i = 0; i < 500 && !condition(); i++)
            {
                await Task.Delay(10);
            }

            Assert.True(condition());
        }
    }
}
