using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning.Steps;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>
    /// Which priority move of an Enable plan may go beside the listener's state tag: a plan that starts by tagging
    /// the listener and then moves the user's rules in one call makes both in one round trip. Safe only when the
    /// snapshot in effect names that move (<see cref="Snapshots.ListenerSnapshot.MovesBesideTag"/>), so that a run
    /// killed between the two is recognised (<see cref="Snapshots.InterruptedEnable"/>): the service asks for it only
    /// for the snapshot it writes.
    /// </summary>
    public static class TagBesideMoves
    {
        /// <summary>The plan's move that may go beside its tag: the second step, when the first tags the listener with its state.</summary>
        public static SetRulePrioritiesStep? Find(MaintenancePlan plan) =>
            plan.Steps.Count >= 2
            && plan.Steps[0] is TagResourceStep tag
            && tag.Add.Any(t => t.Key == ModuleTags.State)
            && tag.Remove.Count == 0
            && plan.Steps[1] is SetRulePrioritiesStep moves
                ? moves
                : null;

        /// <summary>True when <paramref name="moves"/> is the move <paramref name="named"/> lists, rule for rule.</summary>
        public static bool SameMoves(SetRulePrioritiesStep moves, System.Collections.Generic.IReadOnlyList<RulePriorityPair>? named) =>
            named != null
            && named.Count == moves.Moves.Count
            && moves.Moves.All(m => named.Any(n => n.RuleArn == m.RuleArn && n.Priority == m.Priority));
    }
}
