using System;
using System.Collections.Generic;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Snapshots.Restore;
using MaintenanceMode.Targets;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Snapshots
{
    /// <summary>A fake listener with five rules, its snapshot, and helpers to read, plan and apply a restore.</summary>
    internal sealed class SnapshotTestListener
    {
        public SnapshotTestListener()
        {
            Elb = new FakeListenerElb();
            Elb.Tags[FakeListenerElb.ListenerArn] = new List<Tag> { new Tag { Key = "env", Value = "prod" } };
            for (var i = 1; i <= 5; i++)
            {
                Arns.Add(Elb.Add(i, $"/app{i}/*", FakeListenerElb.Forward($"tg-{i}"), i == 1 ? new[] { new Tag { Key = "owner", Value = "terraform" } } : Array.Empty<Tag>()).RuleArn!);
            }

            Snapshot = TakeSnapshot();
        }

        public FakeListenerElb Elb { get; }

        public List<string> Arns { get; } = new List<string>();

        public ListenerSnapshot Snapshot { get; set; }

        public ListenerState Read() =>
            new ListenerStateReader(Elb).ReadAsync(new ListenerTarget(new LoadBalancer { LoadBalancerArn = FakeListenerElb.LoadBalancerArn, LoadBalancerName = "shop", Type = "application" }, Elb.Listener()), false, default)
                .GetAwaiter().GetResult();

        public ListenerSnapshot TakeSnapshot() =>
            SnapshotSecrets.Redact(ListenerSnapshot.Capture(Read(), new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), "arn:aws:iam::123456789012:user/test", "0.1.0"));

        public MaintenancePlan Plan(bool removeAdded = false, IDictionary<string, string>? secrets = null) =>
            RestorePlanner.Plan(Snapshot, Read(), new RestoreOptions
            {
                RemoveAdded = removeAdded,
                ClientSecrets = new Dictionary<string, string>(secrets ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            });

        /// <summary>Applies the plan; returns the rules it created.</summary>
        public IReadOnlyList<Rule> Apply(MaintenancePlan plan)
        {
            Elb.Calls.Clear();
            return new PlanRunner(Elb, NullReporter.Instance).RunAsync(plan, "restore", default).GetAwaiter().GetResult();
        }

        public List<SnapshotDifference> Differences(IReadOnlyDictionary<string, string>? recreated = null) =>
            SnapshotComparer.Compare(Snapshot, Read(), recreated);

        public static Action Oidc(string scope) => new Action
        {
            Type = "authenticate-oidc",
            Order = 1,
            AuthenticateOidcConfig = new AuthenticateOidcActionConfig
            {
                Issuer = "https://idp.example.com",
                AuthorizationEndpoint = "https://idp.example.com/authorize",
                TokenEndpoint = "https://idp.example.com/token",
                UserInfoEndpoint = "https://idp.example.com/userinfo",
                ClientId = "client",
                Scope = scope,
            },
        };
    }
}
