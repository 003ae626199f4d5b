using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Snapshots;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// A CreateRule that took effect but whose reply was lost is retried by the transport, and AWS then
    /// answers PriorityInUse: the slot holds the very rule the step created. The run takes it as created.
    /// </summary>
    public class LostReplyTests
    {
        [Fact]
        public async Task A_create_retried_after_a_lost_reply_takes_the_rule_it_made_and_the_run_finishes()
        {
            var h = new PlanningHarness();
            var user = h.Seed(1, When(Path("/a/*")), Forward("a"));
            var state = await h.ReadAsync();
            var snapshot = ListenerSnapshot.Capture(state, System.DateTimeOffset.UnixEpoch, null, null);
            var plan = MaintenancePlanner.PlanEnable(state, Settings(allowIps: new[] { "203.0.113.0/24" }), StateLocation);

            h.Elb.LoseReplyOnce(c => c.Name == "CreateRule" && ((CreateRuleRequest)c.Request!).Tags!.Any(t => t.Value == ModuleTags.MaintenanceRole));
            await h.RunAsync(plan);

            Assert.Equal("CreateRule", h.Elb.LostReply?.Name);
            Assert.Equal("PriorityInUse", h.Elb.Calls.Last(c => c.Name == "CreateRule").ErrorCode); // the retry's answer
            Assert.Single(h.RulesWithRole(ModuleTags.MaintenanceRole));
            Assert.Equal(2, h.RulesWithRole(ModuleTags.BypassRole).Count); // the user rule's copy and the default's

            await h.RunAsync(MaintenancePlanner.PlanDisable(await h.ReadAsync(), snapshot));
            Assert.Empty(h.RulesWithRole(ModuleTags.MaintenanceRole));
            Assert.Equal(1, h.Priority(user.RuleArn!));
        }

        [Fact]
        public async Task A_slot_taken_by_someone_elses_rule_is_still_an_error()
        {
            var h = new PlanningHarness();
            h.Seed(5, When(Path("/a/*")), Forward("a"));
            var state = await h.ReadAsync();
            var plan = MaintenancePlanner.PlanEnable(state, Settings(), StateLocation);
            var flip = plan.Steps.OfType<CreateRuleStep>().Single(s => s.FlipsPublicTraffic);
            h.Seed(flip.Rule.Priority, When(Path("/other")), Forward("other"));

            var error = await Assert.ThrowsAsync<PlanFailedException>(() => h.RunAsync(plan));
            Assert.Equal("Elbv2.PriorityInUse", error.ErrorId);
        }

        [Fact]
        public async Task A_priority_move_retried_after_a_lost_reply_counts_as_done_when_the_rules_are_already_there()
        {
            var h = new PlanningHarness(moto: true);
            var a = h.Seed(1, When(Path("/a/*")), Forward("a"));
            var b = h.Seed(5, When(Path("/b/*")), Forward("b"));
            var state = await h.ReadAsync();
            var plan = MaintenancePlanner.PlanEnable(state, Settings(), StateLocation);
            Assert.Single(plan.Steps.OfType<SetRulePrioritiesStep>());

            // The retry, on moto: every new priority is now held (by the rules just moved).
            h.Elb.LoseReplyOnce(c => c.Name == "SetRulePriorities");
            await h.RunAsync(plan);

            Assert.Equal("SetRulePriorities", h.Elb.LostReply?.Name);
            Assert.Equal("PriorityInUse", h.Elb.Calls.Last(c => c.Name == "SetRulePriorities").ErrorCode);
            Assert.True(h.Priority(a.RuleArn!) < h.Priority(b.RuleArn!));
            Assert.Single(h.RulesWithRole(ModuleTags.MaintenanceRole));
        }
    }
}
