using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using Xunit;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Reporting;
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

            var lossy = new LostReplyOnFlip(h.Elb);
            await new PlanRunner(lossy, NullReporter.Instance).RunAsync(plan, "test", CancellationToken.None);

            Assert.True(lossy.Lost);
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

            var lossy = new LostReplyOnFlip(h.Elb) { OnMoves = true };
            await new PlanRunner(lossy, NullReporter.Instance).RunAsync(plan, "test", CancellationToken.None);

            Assert.True(lossy.Lost);
            Assert.True(h.Priority(a.RuleArn!) < h.Priority(b.RuleArn!));
            Assert.Single(h.RulesWithRole(ModuleTags.MaintenanceRole));
        }

        /// <summary>Lets the flip's CreateRule through, then answers as a retry after a lost reply would.</summary>
        private sealed class LostReplyOnFlip : IElbv2Client
        {
            private readonly IElbv2Client _inner;

            public LostReplyOnFlip(IElbv2Client inner) => _inner = inner;

            public bool Lost { get; private set; }

            /// <summary>Lose the reply of the SetRulePriorities call instead (moto refuses its retry).</summary>
            public bool OnMoves { get; set; }

            public async Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default)
            {
                var rule = await _inner.CreateRuleAsync(request, cancellationToken);
                if (!OnMoves && !Lost && request.Tags!.Any(t => t.Value == ModuleTags.MaintenanceRole))
                {
                    Lost = true;
                    throw new Elbv2Exception("PriorityInUse", "Priority '" + request.Priority + "' is currently in use", "CreateRule", Elbv2ErrorType.Sender, System.Net.HttpStatusCode.BadRequest);
                }

                return rule;
            }

            public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) => _inner.DescribeLoadBalancersAsync(names, loadBalancerArns, cancellationToken);

            public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default) => _inner.DescribeListenersAsync(loadBalancerArn, listenerArns, cancellationToken);

            public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default) => _inner.DescribeRulesAsync(listenerArn, ruleArns, cancellationToken);

            public Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default) => _inner.ModifyRuleAsync(request, cancellationToken);

            public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) => _inner.DeleteRuleAsync(ruleArn, cancellationToken);

            public async Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default)
            {
                var list = priorities.ToList();
                var moved = await _inner.SetRulePrioritiesAsync(list, cancellationToken);
                if (OnMoves && !Lost)
                {
                    // The retry, on moto: every new priority is now held (by the rules just moved).
                    Lost = true;
                    return await _inner.SetRulePrioritiesAsync(list, cancellationToken);
                }

                return moved;
            }

            public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default) => _inner.ModifyListenerAsync(request, cancellationToken);

            public Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) => _inner.DescribeTagsAsync(resourceArns, cancellationToken);

            public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default) => _inner.DescribeAccountLimitsAsync(cancellationToken);

            public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) => _inner.AddTagsAsync(resourceArns, tags, cancellationToken);

            public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) => _inner.RemoveTagsAsync(resourceArns, tagKeys, cancellationToken);
        }
    }
}
