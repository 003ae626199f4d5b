using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Tests.Fakes;
using MaintenanceMode.Tests.Planning;
using MaintenanceMode.Tests.Moto;
using Xunit;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.State;

namespace MaintenanceMode.Tests.RoundTrips
{
    /// <summary>
    /// Enable and Disable with no preview shown (-Force): the in-memory ELBv2 counts the reads, S3 is moto. The
    /// listener is read once per command before its changes, and a read made before the lock is never trusted
    /// once another run's snapshot is found in the way.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class EnableWithoutPreviewTests
    {
        private readonly MotoServerFixture _moto;

        public EnableWithoutPreviewTests(MotoServerFixture moto)
        {
            _moto = moto;
        }

        [Fact]
        public async Task Enable_without_a_preview_reads_the_listener_once_before_its_changes()
        {
            var (harness, location) = await NewListenerAsync();
            var service = Service(harness.Elb);

            var status = await EnableAsync(service, harness, location, Settings("203.0.113.7/32"));

            Assert.True(status.Enabled);
            Assert.Equal("On", status.State);
            var firstChange = harness.Elb.Calls.First(c => c.Mutating).Index;
            Assert.Equal(1, harness.Elb.Calls.Count(c => c.Name == "DescribeRules" && c.Index < firstChange));
        }

        [Fact]
        public async Task The_preview_way_reads_the_listener_before_the_lock_and_again_under_it()
        {
            // The contrast: with a preview (no -Force) the read shown is not the one planned from.
            var (harness, location) = await NewListenerAsync();
            var service = Service(harness.Elb);
            var target = harness.Elb.Target(harness.ListenerArn);
            var settings = Settings();

            var state = await service.ReadForEnableAsync(target, CancellationToken.None);
            await service.EnableAsync(service.PreviewEnable(target, state, settings, location), settings, location, CancellationToken.None);

            var firstChange = harness.Elb.Calls.First(c => c.Mutating).Index;
            Assert.Equal(2, harness.Elb.Calls.Count(c => c.Name == "DescribeRules" && c.Index < firstChange));
        }

        [Fact]
        public async Task Disable_without_a_preview_reads_the_listener_once_before_its_changes_and_restores_it_exactly()
        {
            var (harness, location) = await NewListenerAsync();
            var before = harness.Elb.Image(harness.ListenerArn);
            await EnableAsync(Service(harness.Elb), harness, location, Settings("203.0.113.7/32"));
            harness.Elb.ClearCalls();

            var status = await Service(harness.Elb).DisableWithoutPreviewAsync(harness.Elb.Target(harness.ListenerArn), CancellationToken.None);

            Assert.Equal(before, harness.Elb.Image(harness.ListenerArn));
            Assert.Equal("Off", status.State);
            var firstChange = harness.Elb.Calls.First(c => c.Mutating).Index;
            Assert.Equal(1, harness.Elb.Calls.Count(c => c.Name == "DescribeRules" && c.Index < firstChange));
            Assert.Null(await new SnapshotStore(_moto.Client, location).GetAsync(new SnapshotStore(_moto.Client, location).Layout.SnapshotKey(harness.ListenerArn), CancellationToken.None));
        }

        [Fact]
        public async Task A_snapshot_in_the_way_makes_Enable_read_again_under_the_lock_instead_of_trusting_its_first_read()
        {
            // Another run enabled maintenance between this run's read and its lock: the read shows the listener
            // as it was before. Its snapshot write meets that run's snapshot, so the listener is read again.
            var (harness, location) = await NewListenerAsync();
            var store = new SnapshotStore(_moto.Client, location);
            var staleRules = await harness.Elb.DescribeRulesAsync(listenerArn: harness.ListenerArn);
            var staleTags = await harness.Elb.DescribeTagsAsync(staleRules.Where(r => !r.IsDefault).Select(r => r.RuleArn!).Append(harness.ListenerArn).ToList());
            await EnableAsync(Service(harness.Elb), harness, location, Settings("203.0.113.7/32"));
            var key = store.Layout.SnapshotKey(harness.ListenerArn);
            var theirs = (await store.GetAsync(key, CancellationToken.None))!.Content;
            var enabled = harness.Elb.Image(harness.ListenerArn);

            var stale = new FirstReadFrom(harness.Elb, staleRules, staleTags);
            var status = await EnableAsync(Service(stale), harness, location, Settings("203.0.113.7/32"));

            Assert.False(stale.Changed, "the listener is in maintenance with these settings already: nothing to change");
            Assert.True(stale.RuleReads >= 2, "read again after the stale read");
            Assert.Equal(theirs, (await store.GetAsync(key, CancellationToken.None))!.Content);
            Assert.Equal(enabled, harness.Elb.Image(harness.ListenerArn));
            Assert.Equal("On", status.State);
        }

        private async Task<(PlanningHarness Harness, S3Uri Location)> NewListenerAsync()
        {
            var harness = new PlanningHarness();
            harness.Seed(1, Build.When(Build.Path("/api/*")), Build.Forward("api"));
            harness.Seed(2, Build.When(Build.Host("admin.example.com")), Build.Forward("admin"));
            harness.Seed(5, Build.When(Build.Path("/static/*")), Build.Fixed("static", "200"));
            harness.Elb.ClearCalls();
            var bucket = await _moto.CreateBucketAsync();
            return (harness, S3Uri.ParsePrefix($"s3://{bucket}/maintenance-mode/"));
        }

        private MaintenanceService Service(IElbv2Client elb) =>
            new MaintenanceService(elb, location => new SnapshotStore(_moto.Client, location), new FakeCallerIdentity(), NullReporter.Instance,
                () => DateTimeOffset.UtcNow, "0.0.0-test", ReadAfterWrite.Immediate);

        private static async Task<MaintenanceStatus> EnableAsync(MaintenanceService service, PlanningHarness harness, S3Uri location, MaintenanceSettings settings)
        {
            var start = service.StartEnableWithoutPreviewAsync(harness.Elb.Target(harness.ListenerArn), CancellationToken.None);
            return await service.EnableWithoutPreviewAsync(start, settings, location, CancellationToken.None);
        }

        private static MaintenanceSettings Settings(params string[] allowIps)
        {
            var settings = Build.Settings(allowIps);
            settings.PageSource = "s3://pages/maintenance.html";
            settings.Reason = "round trips";
            return settings;
        }

        /// <summary>An ELBv2 whose first DescribeRules and DescribeTags answer with a listener as it was earlier.</summary>
        private sealed class FirstReadFrom : IElbv2Client
        {
            private readonly IElbv2Client _inner;
            private IReadOnlyList<Rule>? _rules;
            private IReadOnlyDictionary<string, IReadOnlyList<Tag>>? _tags;

            public FirstReadFrom(IElbv2Client inner, IReadOnlyList<Rule> rules, IReadOnlyDictionary<string, IReadOnlyList<Tag>> tags)
            {
                _inner = inner;
                _rules = rules;
                _tags = tags;
            }

            public int RuleReads { get; private set; }

            /// <summary>Whether any change was asked for.</summary>
            public bool Changed { get; private set; }

            public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default)
            {
                RuleReads++;
                var stale = _rules;
                _rules = null;
                return stale != null ? Task.FromResult(stale) : _inner.DescribeRulesAsync(listenerArn, ruleArns, cancellationToken);
            }

            public Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
            {
                var stale = _tags;
                _tags = null;
                return stale != null ? Task.FromResult(stale) : _inner.DescribeTagsAsync(resourceArns, cancellationToken);
            }

            public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) =>
                _inner.DescribeLoadBalancersAsync(names, loadBalancerArns, cancellationToken);

            public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default) =>
                _inner.DescribeListenersAsync(loadBalancerArn, listenerArns, cancellationToken);

            public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) => Change(_inner.CreateRuleAsync(request, cancellationToken));

            public Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default) => Change(_inner.ModifyRuleAsync(request, cancellationToken));

            public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) => Change(_inner.DeleteRuleAsync(ruleArn, cancellationToken));

            public Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default) =>
                Change(_inner.SetRulePrioritiesAsync(priorities, cancellationToken));

            public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default) => Change(_inner.ModifyListenerAsync(request, cancellationToken));

            public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default) => _inner.DescribeAccountLimitsAsync(cancellationToken);

            public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) => Change(_inner.AddTagsAsync(resourceArns, tags, cancellationToken));

            public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
                Change(_inner.RemoveTagsAsync(resourceArns, tagKeys, cancellationToken));

            private T Change<T>(T call)
            {
                Changed = true;
                return call;
            }
        }
    }
}
