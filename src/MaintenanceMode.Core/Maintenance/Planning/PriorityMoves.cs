using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Maintenance.Planning
{
    /// <summary>
    /// Turns "these rules should have these priorities" into SetRulePriorities calls that both AWS and
    /// moto accept. AWS judges the call by the final order; moto rejects any new priority that some
    /// rule holds now. A call whose targets are all free now satisfies both; when a target is held by
    /// another rule that moves too, the movers first go above every current priority, then home.
    /// </summary>
    public static class PriorityMoves
    {
        public const string PriorityRangeExhaustedErrorId = "PriorityRangeExhausted";

        /// <param name="current">Every non-default rule on the listener when the moves run, by ARN.</param>
        /// <param name="targets">The rules to move and where; none may land on a rule that stays put.</param>
        public static IReadOnlyList<SetRulePrioritiesStep> Plan(IReadOnlyDictionary<string, int> current, IReadOnlyDictionary<string, int> targets, string purpose)
        {
            var moves = targets.Where(t => !current.TryGetValue(t.Key, out var now) || now != t.Value)
                .OrderBy(t => t.Value)
                .ToList();
            if (moves.Count == 0)
            {
                return new List<SetRulePrioritiesStep>();
            }

            var previous = moves.ToDictionary(m => m.Key, m => current.TryGetValue(m.Key, out var p) ? p : 0);
            var held = new HashSet<int>(current.Values);
            if (moves.All(m => !held.Contains(m.Value)))
            {
                return new[] { Step(moves, previous, purpose) };
            }

            // Two hops: above everything, keeping the movers' order, then to the targets.
            var top = current.Values.DefaultIfEmpty(0).Max();
            if (top + moves.Count > RulePriority.Max)
            {
                throw new MaintenanceModeException(PriorityRangeExhaustedErrorId, ErrorKind.LimitsExceeded,
                    $"Moving {moves.Count} rules needs free priorities above {top}, past ALB's maximum of {RulePriority.Max}. Renumber the listener's rules to leave room, then retry. Nothing was changed by this step.");
            }

            var byCurrent = moves.OrderBy(m => previous[m.Key]).ToList();
            var parked = new List<KeyValuePair<string, int>>();
            for (var i = 0; i < byCurrent.Count; i++)
            {
                parked.Add(new KeyValuePair<string, int>(byCurrent[i].Key, top + 1 + i));
            }

            var parkedAt = parked.ToDictionary(p => p.Key, p => p.Value);
            return new[]
            {
                Step(parked, previous, purpose + " (first above every rule, so no priority is taken twice)"),
                Step(moves, parkedAt, purpose),
            };
        }

        private static SetRulePrioritiesStep Step(IEnumerable<KeyValuePair<string, int>> moves, IReadOnlyDictionary<string, int> previous, string purpose) =>
            new SetRulePrioritiesStep(
                moves.Select(m => new RulePriorityPair { RuleArn = m.Key, Priority = m.Value }).ToList(),
                previous,
                purpose);
    }
}
