using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Tests.Fakes;
using Xunit;
using Xunit.Abstractions;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Operations.Planning.Steps;
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
            var slow = new RoundCountingClient(h.Elb);

            await new PlanRunner(slow, NullReporter.Instance).RunAsync(plan, "test", CancellationToken.None);
            var enable = (slow.Calls, slow.Rounds, slow.MostAtOnce);
            Assert.Equal(51, h.RulesWithRole(ModuleTags.BypassRole).Count);
            Assert.Single(h.RulesWithRole(ModuleTags.MaintenanceRole));

            slow.Reset();
            await new PlanRunner(slow, NullReporter.Instance).RunAsync(MaintenancePlanner.PlanDisable(await h.ReadAsync(), snapshot), "test", CancellationToken.None);
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
            var slow = new RoundCountingClient(h.Elb);

            await new PlanRunner(slow, NullReporter.Instance, window: 1).RunAsync(plan, "test", CancellationToken.None);

            Assert.Equal(1, slow.MostAtOnce);
            Assert.Equal(slow.Calls, slow.Rounds);
        }

        [Fact]
        public async Task A_copy_that_fails_among_others_under_way_undoes_exactly_what_was_created()
        {
            var h = ManyRules(20);
            var before = h.Elb.Image(h.ListenerArn);
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Bypass, StateLocation);
            var slow = new RoundCountingClient(h.Elb) { FailCreateAtPriorityOf = 9 };

            var ex = await Assert.ThrowsAsync<PlanFailedException>(() => new PlanRunner(slow, NullReporter.Instance).RunAsync(plan, "test", CancellationToken.None));

            Assert.True(ex.RolledBack, ex.Message);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
            Assert.Empty(h.RulesWithRole(ModuleTags.BypassRole));
            // No copy started after the failure was known: at most the ones under way then, not all 21.
            Assert.True(slow.Created < 21, $"{slow.Created} copies were created");
            Assert.Equal(slow.Created, slow.Deleted);
        }

        /// <summary>
        /// Answers every mutating call after a short pause (so calls can overlap) and counts rounds: a call's round is one
        /// more than the highest round of any call already answered when it started, so calls sent together share one.
        /// </summary>
        private sealed class RoundCountingClient : IElbv2Client
        {
            private readonly FakeElbv2Client _inner;
            private readonly object _gate = new object();
            private int _answeredRound;
            private int _inFlight;

            public RoundCountingClient(FakeElbv2Client inner) => _inner = inner;

            public int Calls { get; private set; }

            public int Rounds { get; private set; }

            public int MostAtOnce { get; private set; }

            public int Created { get; private set; }

            public int Deleted { get; private set; }

            /// <summary>The CreateRule of the copy at the n-th copy slot (from the top) fails with a 500, given up.</summary>
            public int? FailCreateAtPriorityOf { get; set; }

            private int _copies;

            public void Reset()
            {
                lock (_gate)
                {
                    Calls = Rounds = MostAtOnce = _answeredRound = _inFlight = 0;
                }
            }

            private async Task<T> Mutating<T>(Func<T> call)
            {
                int round;
                lock (_gate)
                {
                    Calls++;
                    round = _answeredRound + 1;
                    Rounds = Math.Max(Rounds, round);
                    _inFlight++;
                    MostAtOnce = Math.Max(MostAtOnce, _inFlight);
                }

                await Task.Delay(15);
                lock (_gate)
                {
                    _inFlight--;
                    _answeredRound = Math.Max(_answeredRound, round);
                    // The fake is not thread-safe: calls land one at a time, as the service itself serializes them.
                    return call();
                }
            }

            public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) => Mutating(() =>
            {
                if (request.Tags!.Any(t => t.Value == ModuleTags.BypassRole) && ++_copies == FailCreateAtPriorityOf)
                {
                    throw new Elbv2Exception("InternalFailure", "failed", "CreateRule", Elbv2ErrorType.Receiver, System.Net.HttpStatusCode.InternalServerError);
                }

                var rule = _inner.CreateRuleAsync(request, cancellationToken).GetAwaiter().GetResult();
                if (request.Tags!.Any(t => t.Value == ModuleTags.BypassRole)) Created++;
                return rule;
            });

            public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) => Mutating(() =>
            {
                _inner.DeleteRuleAsync(ruleArn, cancellationToken).GetAwaiter().GetResult();
                Deleted++;
                return 0;
            });

            public Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default) => Mutating(() => _inner.ModifyRuleAsync(request, cancellationToken).GetAwaiter().GetResult());

            public Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default) => Mutating(() => _inner.SetRulePrioritiesAsync(priorities.ToList(), cancellationToken).GetAwaiter().GetResult());

            public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) => Mutating(() => { _inner.AddTagsAsync(resourceArns.ToList(), tags.ToList(), cancellationToken).GetAwaiter().GetResult(); return 0; });

            public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) => Mutating(() => { _inner.RemoveTagsAsync(resourceArns.ToList(), tagKeys.ToList(), cancellationToken).GetAwaiter().GetResult(); return 0; });

            public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) => Locked(() => _inner.DescribeLoadBalancersAsync(names, loadBalancerArns, cancellationToken));

            public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default) => Locked(() => _inner.DescribeListenersAsync(loadBalancerArn, listenerArns, cancellationToken));

            public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default) => Locked(() => _inner.DescribeRulesAsync(listenerArn, ruleArns, cancellationToken));

            public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default) => Mutating(() => _inner.ModifyListenerAsync(request, cancellationToken).GetAwaiter().GetResult());

            public Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) => Locked(() => _inner.DescribeTagsAsync(resourceArns.ToList(), cancellationToken));

            public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default) => _inner.DescribeAccountLimitsAsync(cancellationToken);

            private Task<T> Locked<T>(Func<Task<T>> read)
            {
                lock (_gate) return Task.FromResult(read().GetAwaiter().GetResult());
            }
        }
    }
}
