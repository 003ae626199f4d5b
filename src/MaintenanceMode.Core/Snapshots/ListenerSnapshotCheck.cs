using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Errors;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// What a snapshot must hold before anything is planned from it. <see cref="ListenerSnapshot.FromJson"/>
    /// checks the envelope; this checks the content, so a hand-edited or truncated file is refused
    /// before any change instead of failing half way through a restore.
    /// </summary>
    public static class ListenerSnapshotCheck
    {
        /// <exception cref="MaintenanceModeException">SnapshotCorrupt, naming the first problem.</exception>
        public static void Validate(ListenerSnapshot snapshot, string source)
        {
            var problem = FirstProblem(snapshot);
            if (problem != null)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotCorrupt,
                    $"The snapshot at {source} is damaged: {problem}. Nothing was changed. Use a good copy of it (S3 versioning keeps earlier ones).")
                { Target = snapshot.ListenerArn };
            }
        }

        private static string? FirstProblem(ListenerSnapshot snapshot)
        {
            if (string.IsNullOrEmpty(snapshot.ListenerArn) || !snapshot.ListenerArn.Contains(":listener/"))
            {
                return "it names no listener";
            }

            if (snapshot.DefaultActions == null || snapshot.DefaultActions.Count == 0)
            {
                return "it has no default actions";
            }

            var rules = snapshot.Rules ?? new List<SnapshotRule>();
            var arns = new HashSet<string>();
            var priorities = new HashSet<int>();
            foreach (var rule in rules)
            {
                if (rule == null || string.IsNullOrEmpty(rule.RuleArn) || !rule.RuleArn.Contains(":listener-rule/"))
                {
                    return "a rule has no rule ARN";
                }

                if (!arns.Add(rule.RuleArn))
                {
                    return $"rule {rule.RuleArn} appears twice";
                }

                if (rule.Priority < RulePriority.Min || rule.Priority > RulePriority.Max)
                {
                    return $"rule {rule.RuleArn} has priority {rule.Priority}, outside {RulePriority.Min} to {RulePriority.Max}";
                }

                if (!priorities.Add(rule.Priority))
                {
                    return $"priority {rule.Priority} is held by two rules";
                }

                if (rule.Actions == null || rule.Actions.Count == 0 || rule.Conditions == null || rule.Conditions.Count == 0)
                {
                    return $"rule {rule.RuleArn} has no conditions or no actions";
                }
            }

            return rules.Any(r => r.Tags == null) || snapshot.ListenerTags == null ? "a tag list is missing" : null;
        }
    }
}
