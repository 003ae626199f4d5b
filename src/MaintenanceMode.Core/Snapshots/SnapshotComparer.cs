using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// Every difference between a snapshot and the listener now, rule by rule, as DriftDetector sees
    /// them for Disable but in full: priorities, each part of a rule, tags, default actions and the
    /// listener's tags. The module's own rules and tags are not the user's and are left out; OIDC
    /// secrets are ignored (AWS never returns them).
    /// </summary>
    public static class SnapshotComparer
    {
        public const string ConditionsPart = "Conditions";
        public const string ActionsPart = "Actions";
        public const string TransformsPart = "Transforms";
        public const string TagsPart = "Tags";

        /// <param name="recreated">Old rule ARN to new, for rules a restore created again: the same rule, not one removed and one added.</param>
        public static List<SnapshotDifference> Compare(ListenerSnapshot snapshot, ListenerState state, IReadOnlyDictionary<string, string>? recreated = null)
        {
            var differences = new List<SnapshotDifference>();
            var user = state.UserRules.ToDictionary(r => r.RuleArn!, r => r);
            var matched = new HashSet<string>();
            foreach (var saved in snapshot.Rules.Where(r => ModuleTags.Find(r.Tags, ModuleTags.Role) == null).OrderBy(r => r.Priority))
            {
                var arn = recreated != null && recreated.TryGetValue(saved.RuleArn, out var renamed) ? renamed : saved.RuleArn;
                if (!user.TryGetValue(arn, out var now))
                {
                    differences.Add(Difference(state, DriftKind.Removed, saved.RuleArn, saved.Priority, null, "deleted since the snapshot"));
                    continue;
                }

                matched.Add(arn);
                var priority = ListenerState.PriorityOf(now);
                if (priority != saved.Priority)
                {
                    differences.Add(Difference(state, DriftKind.Moved, arn, saved.Priority, priority, $"at priority {priority}, was {saved.Priority}"));
                }

                var parts = ChangedParts(saved, now, state.TagsOf(now));
                if (parts.Count > 0)
                {
                    var detail = string.Join(", ", parts).ToLowerInvariant() + " changed";
                    if (parts.Contains(TagsPart))
                    {
                        detail += " (tags: " + SnapshotTags.Describe(state.TagsOf(now), saved.Tags) + ")";
                    }

                    var difference = Difference(state, DriftKind.Changed, arn, saved.Priority, priority, detail);
                    difference.Changed = parts;
                    differences.Add(difference);
                }
            }

            foreach (var rule in state.UserRules.Where(r => !matched.Contains(r.RuleArn!)))
            {
                var priority = ListenerState.PriorityOf(rule);
                differences.Add(Difference(state, DriftKind.Added, rule.RuleArn, null, priority, "added since the snapshot"));
            }

            if (!ModelCopy.Same(SnapshotSecrets.WithoutSecrets(snapshot.DefaultActions), SnapshotSecrets.WithoutSecrets(state.DefaultActions)))
            {
                differences.Add(Difference(state, DriftKind.DefaultActionChanged, null, null, null,
                    $"default actions are {Types(state.DefaultActions)}, were {Types(snapshot.DefaultActions)}"));
            }

            if (!SnapshotTags.Same(snapshot.ListenerTags, state.ListenerTags))
            {
                differences.Add(Difference(state, DriftKind.ListenerTagsChanged, null, null, null,
                    "listener tags: " + SnapshotTags.Describe(state.ListenerTags, snapshot.ListenerTags)));
            }

            return differences;
        }

        /// <summary>Which parts of a rule differ from the snapshot's, in the order ModifyRule takes them (tags last).</summary>
        public static List<string> ChangedParts(SnapshotRule saved, Rule now, IEnumerable<Tag> nowTags)
        {
            var parts = new List<string>();
            if (!ModelCopy.Same(saved.Conditions, now.Conditions ?? new List<RuleCondition>()))
            {
                parts.Add(ConditionsPart);
            }

            if (!ModelCopy.Same(SnapshotSecrets.WithoutSecrets(saved.Actions), SnapshotSecrets.WithoutSecrets(now.Actions)))
            {
                parts.Add(ActionsPart);
            }

            if (!ModelCopy.Same(saved.Transforms ?? new List<RuleTransform>(), now.Transforms ?? new List<RuleTransform>()))
            {
                parts.Add(TransformsPart);
            }

            if (!SnapshotTags.Same(saved.Tags, nowTags))
            {
                parts.Add(TagsPart);
            }

            return parts;
        }

        internal static string Types(IEnumerable<Action>? actions) =>
            string.Join("+", (actions ?? Enumerable.Empty<Action>()).OrderBy(a => a.Order ?? 0).Select(a => a.Type));

        private static SnapshotDifference Difference(ListenerState state, DriftKind kind, string? ruleArn, int? snapshotPriority, int? currentPriority, string detail) =>
            new SnapshotDifference
            {
                ListenerArn = state.ListenerArn,
                Kind = kind,
                RuleArn = ruleArn,
                SnapshotPriority = snapshotPriority,
                CurrentPriority = currentPriority,
                Detail = detail,
            };
    }
}
