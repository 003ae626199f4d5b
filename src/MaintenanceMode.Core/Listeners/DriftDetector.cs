using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Rules;
using MaintenanceMode.Snapshots;

namespace MaintenanceMode.Listeners
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
                var role = ModuleTags.Find(state.TagsOf(rule), ModuleTags.Role);
                drift.Add(savedArns.Contains(rule.RuleArn!)
                    ? new RuleDrift(DriftKind.RoleTagged, rule.RuleArn, rule.Priority,
                        $"a rule of the user's (in the snapshot) now tagged {ModuleTags.Role}={role} by someone else: the module treats it as the user's and never deletes it; remove the tag")
                    : new RuleDrift(DriftKind.UnrecordedRoleTag, rule.RuleArn, rule.Priority,
                        $"tagged {ModuleTags.Role}={role}, but the module's record does not list it (someone else made or tagged it): the module treats it as the user's, never deletes it, and Disable leaves it on the listener; delete it or remove the tag if it should not be there"));
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

            // A role-tagged rule added since is reported above, once.
            foreach (var rule in state.UserRules.Where(r => !savedArns.Contains(r.RuleArn!) && ModuleTags.Find(state.TagsOf(r), ModuleTags.Role) == null))
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
