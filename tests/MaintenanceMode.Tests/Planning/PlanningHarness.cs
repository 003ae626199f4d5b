using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// The test kit's sample listener: load balancer "shop" on the in-memory ELBv2 with one HTTP:80 listener, rules
    /// seeded from <see cref="Build"/>, and the read-plan-run loop the service uses.
    /// </summary>
    internal sealed class PlanningHarness
    {
        /// <param name="seed">The fake's shuffle of DescribeRules answers.</param>
        /// <param name="moto">Also judge SetRulePriorities as moto does.</param>
        /// <param name="defaultActions">The listener's default actions; a forward to "web" when null.</param>
        /// <param name="ids">The last parts of the load balancer's and the listener's ARNs, where a test needs known ones.</param>
        public PlanningHarness(int seed = 1, bool moto = false, List<Aws.Elbv2.Action>? defaultActions = null, (string LoadBalancer, string Listener)? ids = null)
        {
            Elb = new FakeElbv2Client(seed) { MotoPriorityCheck = moto };
            LoadBalancer = Elb.AddLoadBalancer("shop", id: ids?.LoadBalancer);
            Listener = Elb.AddListener(LoadBalancer.LoadBalancerArn!, defaultActions ?? Build.Forward("web"), id: ids?.Listener);
        }

        public ListenerTarget Target => Elb.Target(ListenerArn);

        public FakeElbv2Client Elb { get; }

        public LoadBalancer LoadBalancer { get; }

        public Listener Listener { get; }

        public string ListenerArn => Listener.ListenerArn!;

        public Rule Seed(int priority, List<RuleCondition> conditions, List<Aws.Elbv2.Action> actions, List<RuleTransform>? transforms = null, List<Tag>? tags = null) =>
            Elb.SeedRule(ListenerArn, priority, conditions, actions, transforms, tags);

        public Task<ListenerState> ReadAsync() => new ListenerStateReader(Elb).ReadAsync(Elb.Target(ListenerArn), countLoadBalancerRules: true, CancellationToken.None);

        public Task<IReadOnlyList<Rule>> RunAsync(MaintenancePlan plan) => new PlanRunner(Elb, NullReporter.Instance).RunAsync(plan, "test", CancellationToken.None);

        /// <summary>Reads, plans Enable and runs it; returns the plan and the snapshot taken before it.</summary>
        public async Task<(MaintenancePlan Plan, ListenerSnapshot Snapshot)> EnableAsync(MaintenanceSettings settings)
        {
            var state = await ReadAsync();
            var snapshot = ListenerSnapshot.Capture(state, System.DateTimeOffset.UnixEpoch, null, null);
            var plan = MaintenancePlanner.PlanEnable(state, settings, Build.StateLocation);
            await RunAsync(plan);
            return (plan, snapshot);
        }

        public async Task<MaintenancePlan> DisableAsync(ListenerSnapshot? snapshot)
        {
            var plan = MaintenancePlanner.PlanDisable(await ReadAsync(), snapshot);
            await RunAsync(plan);
            return plan;
        }

        public int Priority(string ruleArn) => int.Parse(Elb.StoredRules(ListenerArn).Single(r => r.RuleArn == ruleArn).Priority!, System.Globalization.CultureInfo.InvariantCulture);

        public IReadOnlyList<Rule> RulesWithRole(string role) =>
            Elb.StoredRules(ListenerArn).Where(r => !r.IsDefault && ModuleTags.Find(Elb.StoredTags(r.RuleArn!), ModuleTags.Role) == role).ToList();
    }
}
