using System.Globalization;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Snapshots.Restore;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Snapshots
{
    /// <summary>
    /// A listener on the in-memory ELBv2 (with moto's stricter SetRulePriorities check unless a test turns it off)
    /// with five rules, its snapshot, the changes someone else makes since, and helpers to read, plan and apply a restore.
    /// </summary>
    internal sealed class SnapshotTestListener
    {
        public const string LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/0123456789abcdef";
        public const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/0123456789abcdef/00000000000000aa";

        public SnapshotTestListener()
        {
            Elb = new PlanningHarness(moto: true, defaultActions: Forward("tg-default"), ids: ("0123456789abcdef", "00000000000000aa")).Elb;
            Elb.SeedTags(ListenerArn, new Tag { Key = "env", Value = "prod" });
            for (var i = 1; i <= 5; i++)
            {
                Arns.Add(Add(i, $"/app{i}/*", $"tg-{i}", i == 1 ? new[] { new Tag { Key = "owner", Value = "terraform" } } : Array.Empty<Tag>()).RuleArn!);
            }

            Snapshot = TakeSnapshot();
        }

        public FakeElbv2Client Elb { get; }

        public List<string> Arns { get; } = new List<string>();

        public ListenerSnapshot Snapshot { get; set; }

        /// <summary>A rule added (by someone else) on a path of its own, forwarding to <paramref name="targetGroup"/>.</summary>
        public Rule Add(int priority, string path, string targetGroup, params Tag[] tags) =>
            Elb.SeedRule(ListenerArn, priority, When(Path(path)), Forward(targetGroup), tags: tags.ToList());

        /// <summary>Someone else moves a rule.</summary>
        public void Move(string ruleArn, int priority) => Elb.EditRule(ruleArn).Priority = priority.ToString(CultureInfo.InvariantCulture);

        /// <summary>The OIDC client secret AWS keeps for the rule (never described).</summary>
        public string? StoredSecret(string ruleArn) => Elb.EditRule(ruleArn).Actions!.Select(a => a.AuthenticateOidcConfig?.ClientSecret).FirstOrDefault(s => s != null);

        public ListenerState Read() =>
            new ListenerStateReader(Elb).ReadAsync(Elb.Target(ListenerArn), false, default).GetAwaiter().GetResult();

        public ListenerSnapshot TakeSnapshot(ListenerState? state = null) =>
            SnapshotSecrets.Redact(ListenerSnapshot.Capture(state ?? Read(), new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), "arn:aws:iam::123456789012:user/test", "0.1.0"));

        public MaintenancePlan Plan(bool removeAdded = false, IDictionary<string, string>? secrets = null) =>
            RestorePlanner.Plan(Snapshot, Read(), new RestoreOptions
            {
                RemoveAdded = removeAdded,
                ClientSecrets = new Dictionary<string, string>(secrets ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            });

        /// <summary>Applies the plan; returns the rules it created.</summary>
        public IReadOnlyList<Rule> Apply(MaintenancePlan plan)
        {
            Elb.ClearCalls();
            return new PlanRunner(Elb, NullReporter.Instance).RunAsync(plan, "restore", default).GetAwaiter().GetResult();
        }

        public List<SnapshotDifference> Differences(IReadOnlyDictionary<string, string>? recreated = null, ListenerState? state = null) =>
            SnapshotComparer.Compare(Snapshot, state ?? Read(), recreated);
    }
}
