using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Maintenance
{
    /// <summary>Compares a snapshot with the listener's user rules now. The module's own rules are not drift.</summary>
    public static class DriftDetector
    {
        public static List<RuleDrift> Compare(ListenerSnapshot snapshot, ListenerState state)
        {
            var drift = new List<RuleDrift>();
            state = state.WithUserRules(snapshot.UserRuleArns);
            var user = state.UserRules.ToDictionary(r => r.RuleArn!, r => r);
            var saved = snapshot.Rules.Where(r => ModuleTags.Find(r.Tags, ModuleTags.Role) == null).ToList();
            var savedArns = new HashSet<string>(saved.Select(r => r.RuleArn));

            foreach (var rule in state.RoleTaggedUserRules)
            {
                drift.Add(new RuleDrift(DriftKind.RoleTagged, rule.RuleArn, rule.Priority,
                    $"a rule of the user's (in the snapshot) now tagged {ModuleTags.Role}={ModuleTags.Find(state.TagsOf(rule), ModuleTags.Role)} by someone else: the module treats it as the user's and never deletes it; remove the tag"));
            }

            foreach (var rule in saved)
            {
                if (!user.TryGetValue(rule.RuleArn, out var now))
                {
                    drift.Add(new RuleDrift(DriftKind.Removed, rule.RuleArn, RulePriority.Format(rule.Priority), "deleted since the snapshot; the module does not recreate it"));
                }
                else if (!rule.SameRoutingAs(now))
                {
                    drift.Add(new RuleDrift(DriftKind.Changed, rule.RuleArn, now.Priority, "conditions, actions or transforms changed since the snapshot; left as they are"));
                }
            }

            foreach (var rule in state.UserRules.Where(r => !savedArns.Contains(r.RuleArn!)))
            {
                drift.Add(new RuleDrift(DriftKind.Added, rule.RuleArn, rule.Priority, "added since the snapshot; left as it is"));
            }

            if (!ModelCopy.Same(Snapshots.SnapshotSecrets.WithoutSecrets(snapshot.DefaultActions), Snapshots.SnapshotSecrets.WithoutSecrets(state.DefaultActions)))
            {
                drift.Add(new RuleDrift(DriftKind.DefaultActionChanged, null, "default", "the default actions changed since the snapshot; left as they are"));
            }

            return drift;
        }
    }
}
