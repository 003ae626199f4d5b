using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Snapshots
{
    /// <summary>One rule as the snapshot keeps it: the rule and its tags.</summary>
    public sealed class SnapshotRule
    {
        public string RuleArn { get; set; } = string.Empty;

        public int Priority { get; set; }

        public List<RuleCondition> Conditions { get; set; } = new List<RuleCondition>();

        public List<Action> Actions { get; set; } = new List<Action>();

        public List<RuleTransform>? Transforms { get; set; }

        public List<Tag> Tags { get; set; } = new List<Tag>();

        public static SnapshotRule From(Rule rule, IEnumerable<Tag> tags) => new SnapshotRule
        {
            RuleArn = rule.RuleArn ?? string.Empty,
            Priority = ListenerState.PriorityOf(rule),
            Conditions = (rule.Conditions ?? new List<RuleCondition>()).Select(ModelCopy.Of).ToList(),
            Actions = Snapshots.SnapshotSecrets.WithoutSecrets(rule.Actions),
            Transforms = rule.Transforms?.Select(ModelCopy.Of).ToList(),
            Tags = tags.Select(ModelCopy.Of).ToList(),
        };

        /// <summary>True when <paramref name="rule"/> still matches and acts as this one did (priority aside).</summary>
        public bool SameRoutingAs(Rule rule) =>
            ModelCopy.Same(Conditions, rule.Conditions ?? new List<RuleCondition>()) &&
            ModelCopy.Same(Snapshots.SnapshotSecrets.WithoutSecrets(Actions), Snapshots.SnapshotSecrets.WithoutSecrets(rule.Actions)) &&
            ModelCopy.Same(Transforms ?? new List<RuleTransform>(), rule.Transforms ?? new List<RuleTransform>());
    }
}
