using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>
    /// Turns "these rules should have these priorities" into SetRulePriorities calls that both AWS and
    /// moto accept. AWS judges the call by the final order; moto rejects any new priority that some
    /// rule holds now. A call whose targets are all free now satisfies both. Otherwise, when the moves
    /// keep the rules' order, each run of moving rules between two rules that stay is handled inside its
    /// own gap, so no rule ever passes another and every intermediate state routes as before: first
    /// parked in a free block of that gap, then home (two calls in all); where the gap has no such
    /// block, in rounds, each moving the rules whose targets are free by then.
    /// </summary>
    public static class PriorityMoves
    {
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

            if (KeepsOrder(current, targets))
            {
                return WithinGaps(current, moves, previous, purpose);
            }

            // Two hops: above everything, keeping the movers' order, then to the targets.
            var top = current.Values.DefaultIfEmpty(0).Max();
            if (top + moves.Count > RulePriority.Max)
            {
                throw new MaintenanceModeException(ErrorIds.PriorityRangeExhausted,
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

        /// <summary>True when every rule keeps its place in the evaluation order after the moves.</summary>
        private static bool KeepsOrder(IReadOnlyDictionary<string, int> current, IReadOnlyDictionary<string, int> targets)
        {
            var after = current.OrderBy(c => c.Value).Select(c => targets.TryGetValue(c.Key, out var t) ? t : c.Value).ToList();
            for (var i = 1; i < after.Count; i++)
            {
                if (after[i - 1] >= after[i])
                {
                    return false;
                }
            }

            return !targets.Keys.Any(k => !current.ContainsKey(k));
        }

        private static IReadOnlyList<SetRulePrioritiesStep> WithinGaps(IReadOnlyDictionary<string, int> current, List<KeyValuePair<string, int>> moves,
            Dictionary<string, int> previous, string purpose)
        {
            var target = moves.ToDictionary(m => m.Key, m => m.Value);
            var held = new HashSet<int>(current.Values);
            var first = new List<KeyValuePair<string, int>>();
            var second = new List<KeyValuePair<string, int>>();
            var parkedAt = new Dictionary<string, int>();
            var firstPrevious = new Dictionary<string, int>(previous);
            var rounds = new List<SetRulePrioritiesStep>();

            // Runs of moving rules, each bounded by the rules that stay (or the ends of the range).
            var ordered = current.OrderBy(c => c.Value).ToList();
            bool Moves(int index) => target.ContainsKey(ordered[index].Key);
            int PriorityAt(int index) => index < 0 ? RulePriority.Min - 1 : index >= ordered.Count ? RulePriority.Max + 1 : ordered[index].Value;
            int TargetOf(int index) => target.TryGetValue(ordered[index].Key, out var t) ? t : ordered[index].Value;

            var i = 0;
            while (i < ordered.Count)
            {
                if (!Moves(i))
                {
                    i++;
                    continue;
                }

                var end = i;
                while (end < ordered.Count && Moves(end))
                {
                    end++;
                }

                var run = Enumerable.Range(i, end - i).ToList();
                if (run.All(r => !held.Contains(TargetOf(r))))
                {
                    first.AddRange(run.Select(r => new KeyValuePair<string, int>(ordered[r].Key, TargetOf(r))));
                    i = end;
                    continue;
                }

                // Park the run in a free block of its gap, then send it home. A gap too full for that
                // takes in the rules above it (they are parked too, and come back to where they were).
                int? start;
                while ((start = FreeBlock(PriorityAt(i - 1), PriorityAt(end), end - i, held, new HashSet<int>(Enumerable.Range(i, end - i).Select(TargetOf)))) == null
                    && end < ordered.Count)
                {
                    end++;
                    while (end < ordered.Count && Moves(end))
                    {
                        end++;
                    }
                }

                if (start is int at)
                {
                    for (var r = i; r < end; r++)
                    {
                        var arn = ordered[r].Key;
                        first.Add(new KeyValuePair<string, int>(arn, at + r - i));
                        firstPrevious[arn] = ordered[r].Value;
                        parkedAt[arn] = at + r - i;
                        second.Add(new KeyValuePair<string, int>(arn, TargetOf(r)));
                    }
                }
                else
                {
                    rounds.AddRange(Rounds(current, run.Select(r => new KeyValuePair<string, int>(ordered[r].Key, TargetOf(r))).ToList(), purpose));
                }

                i = end;
            }

            var steps = new List<SetRulePrioritiesStep>();
            if (first.Count > 0)
            {
                steps.Add(Step(first, firstPrevious, second.Count > 0 ? purpose + " (first into free priorities of the same gap, so no priority is taken twice and no rule passes another)" : purpose));
            }

            if (second.Count > 0)
            {
                steps.Add(Step(second, parkedAt, purpose));
            }

            steps.AddRange(rounds);
            return steps;
        }

        /// <summary>The highest start of <paramref name="count"/> consecutive priorities strictly between low and high that no rule holds now or is bound for.</summary>
        private static int? FreeBlock(int low, int high, int count, HashSet<int> held, HashSet<int> bound)
        {
            var length = 0;
            for (var p = high - 1; p > low; p--)
            {
                length = held.Contains(p) || bound.Contains(p) ? 0 : length + 1;
                if (length == count)
                {
                    return p;
                }
            }

            return null;
        }

        /// <summary>
        /// A run moved in calls whose targets are all free when made: the highest rule moving up and the
        /// lowest moving down always have a free target (order is kept), so every round moves at least one.
        /// </summary>
        private static IEnumerable<SetRulePrioritiesStep> Rounds(IReadOnlyDictionary<string, int> current, List<KeyValuePair<string, int>> runMoves, string purpose)
        {
            var now = current.ToDictionary(c => c.Key, c => c.Value);
            var pending = runMoves.ToList();
            while (pending.Count > 0)
            {
                var held = new HashSet<int>(now.Values);
                var round = pending.Where(m => !held.Contains(m.Value)).ToList();
                if (round.Count == 0)
                {
                    throw new InvalidOperationException("Priority moves that keep the rules' order always free a target; these did not: " + string.Join(", ", pending.Select(m => $"{now[m.Key]}->{m.Value}")));
                }

                var before = round.ToDictionary(m => m.Key, m => now[m.Key]);
                yield return Step(round, before, purpose + " (in rounds: the gap has no free block to pass through)");
                foreach (var m in round)
                {
                    now[m.Key] = m.Value;
                    pending.Remove(m);
                }
            }
        }

        private static SetRulePrioritiesStep Step(IEnumerable<KeyValuePair<string, int>> moves, IReadOnlyDictionary<string, int> previous, string purpose) =>
            new SetRulePrioritiesStep(
                moves.Select(m => new RulePriorityPair { RuleArn = m.Key, Priority = m.Value }).ToList(),
                previous,
                purpose);
    }
}
