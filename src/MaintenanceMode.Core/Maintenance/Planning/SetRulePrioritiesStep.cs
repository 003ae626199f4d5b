using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Maintenance.Planning
{
    /// <summary>Moves rules in one call. Relative order is kept, so routing does not change.</summary>
    public sealed class SetRulePrioritiesStep : PlanStep
    {
        public SetRulePrioritiesStep(IReadOnlyList<RulePriorityPair> moves, IReadOnlyDictionary<string, int> previous, string purpose)
        {
            Moves = moves;
            Previous = previous;
            Purpose = purpose;
        }

        public IReadOnlyList<RulePriorityPair> Moves { get; }

        /// <summary>Each moved rule's priority before the call, for the undo.</summary>
        public IReadOnlyDictionary<string, int> Previous { get; }

        public string Purpose { get; }

        public override string Operation => "SetRulePriorities";

        public override string Describe() =>
            $"{Purpose}: " + string.Join(", ", Moves.Select(m => $"{(Previous.TryGetValue(m.RuleArn!, out var p) ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}->{m.Priority}"));
    }
}
