using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Rules
{
    /// <summary>
    /// Rules holding something this version's model does not know (a feature AWS added since: new condition
    /// values, transforms, action types). The module could carry such a member through a snapshot, a bypass copy
    /// or a ModifyRule only by knowing it, so it refuses, before any change, to copy or rewrite such a rule. Moving
    /// a rule (SetRulePriorities) and deleting the module's own rules lose nothing, so Disable is never refused.
    /// </summary>
    public static class UnmodeledRuleMembers
    {
        /// <summary>Refuses when any of <paramref name="rules"/> holds an unknown member; <paramref name="doing"/> says what would lose it.</summary>
        public static void Refuse(IEnumerable<Rule> rules, string listenerArn, string doing)
        {
            var holding = rules.Where(r => r.UnmodeledMembers.Count > 0).ToList();
            if (holding.Count == 0)
            {
                return;
            }

            var named = string.Join("; ", holding.Take(3).Select(r =>
                $"rule {(r.IsDefault ? "default" : r.Priority)} ({r.RuleArn}) holds {string.Join(", ", r.UnmodeledMembers.Take(5))}"));
            var more = holding.Count > 3 ? $"; and {holding.Count - 3} more rule(s)" : string.Empty;
            throw new MaintenanceModeException(ErrorIds.UnknownRuleMember,
                $"Listener {listenerArn}: {named}{more}, which this version of MaintenanceMode does not know. {doing} would silently lose it, so nothing was changed. "
                + "Update MaintenanceMode to a version that knows the member, or move that feature out of the listener's rules for the window.") { Target = listenerArn };
        }
    }
}
