using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Errors;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>One place in the evaluation order a relayout must produce: a rule that exists (with its priority now) or one still to be created.</summary>
    public readonly struct LayoutSlot
    {
        private LayoutSlot(int? current, bool isUserRule)
        {
            Current = current;
            IsUserRule = isUserRule;
        }

        /// <summary>The rule's priority now; null for a rule still to be created.</summary>
        public int? Current { get; }

        /// <summary>Moving a user's rule is what a relayout minimises; moving the module's own rules is cheap.</summary>
        public bool IsUserRule { get; }

        public static LayoutSlot Existing(int current, bool isUserRule) => new LayoutSlot(current, isUserRule);

        public static LayoutSlot New() => new LayoutSlot(null, false);
    }

    /// <summary>
    /// Gives every rule of a wanted evaluation order a priority in 1..50000, moving as few existing rules
    /// as possible; then, where it can, so that one SetRulePriorities call makes every move (no rule lands
    /// on a priority another holds now); then by as little as possible. Rules that stay keep their priority;
    /// the others, and the rules to be created, take free priorities between them. Fails only when the
    /// order holds more rules than ALB has priorities. A dynamic programme over which existing rules stay;
    /// the moved ones go to the nearest one-call placement, else by isotonic (L1) regression towards their
    /// current priorities.
    /// </summary>
    public static class PriorityRelayout
    {
        /// <summary>
        /// The common case: the user's rules (in priority order) stay in that order, and
        /// <paramref name="newBefore"/>[i] new rules must come right before user rule i
        /// (<paramref name="newBefore"/>[users.Count]: after the last one).
        /// </summary>
        /// <returns>The users' new priorities (same order) and, per gap, the new rules' priorities.</returns>
        public static (int[] Users, int[][] NewRules) InFrontOf(IReadOnlyList<int> userPriorities, IReadOnlyList<int> newBefore)
        {
            if (newBefore.Count != userPriorities.Count + 1)
            {
                throw new ArgumentException("newBefore needs one count per user rule plus one for after the last.", nameof(newBefore));
            }

            var order = new List<LayoutSlot>();
            for (var i = 0; i <= userPriorities.Count; i++)
            {
                order.AddRange(Enumerable.Repeat(LayoutSlot.New(), newBefore[i]));
                if (i < userPriorities.Count)
                {
                    order.Add(LayoutSlot.Existing(userPriorities[i], isUserRule: true));
                }
            }

            var assigned = Assign(order);
            var users = new int[userPriorities.Count];
            var created = new int[newBefore.Count][];
            var k = 0;
            for (var i = 0; i <= userPriorities.Count; i++)
            {
                created[i] = new int[newBefore[i]];
                for (var j = 0; j < newBefore[i]; j++)
                {
                    created[i][j] = assigned[k++];
                }

                if (i < userPriorities.Count)
                {
                    users[i] = assigned[k++];
                }
            }

            return (users, created);
        }

        /// <summary>A strictly ascending priority for every slot, in the order given.</summary>
        /// <exception cref="MaintenanceModeException">PriorityRangeExhausted: more slots than ALB has priorities.</exception>
        public static int[] Assign(IReadOnlyList<LayoutSlot> order)
        {
            var n = order.Count;
            if (n > RulePriority.Max)
            {
                throw new MaintenanceModeException(ErrorIds.PriorityRangeExhausted,
                    $"The listener would need {n} rules in a row, and ALB has only {RulePriority.Max} priorities. Remove rules, then retry. Nothing was changed.");
            }

            // Candidates for staying put: the existing slots, between two sentinels at 0 and Max + 1.
            var stops = new List<int> { -1 };
            stops.AddRange(Enumerable.Range(0, n).Where(i => order[i].Current.HasValue));
            stops.Add(n);
            int PriorityAt(int stop) => stop == 0 ? RulePriority.Min - 1 : stop == stops.Count - 1 ? RulePriority.Max + 1 : order[stops[stop]].Current!.Value;

            var userRulesBefore = new int[n + 1];
            for (var i = 0; i < n; i++)
            {
                userRulesBefore[i + 1] = userRulesBefore[i] + (order[i].Current.HasValue && order[i].IsUserRule ? 1 : 0);
            }

            var best = new (long Moves, long Hops, long Distance)[stops.Count];
            var parent = new int[stops.Count];
            for (var b = 1; b < stops.Count; b++)
            {
                best[b] = (long.MaxValue, long.MaxValue, long.MaxValue);
                parent[b] = -1;
                var pb = PriorityAt(b);
                if (b < stops.Count - 1 && (pb < RulePriority.Min || pb > RulePriority.Max))
                {
                    continue; // a priority ALB would not hold cannot stay
                }

                for (var a = b - 1; a >= 0; a--)
                {
                    if (parent[a] < 0 && a != 0)
                    {
                        continue;
                    }

                    var pa = PriorityAt(a);
                    var between = stops[b] - stops[a] - 1;
                    if (pa >= pb || between > pb - pa - 1)
                    {
                        continue;
                    }

                    var moves = best[a].Moves + userRulesBefore[stops[b]] - userRulesBefore[stops[a] + 1];
                    if (moves > best[b].Moves)
                    {
                        continue;
                    }

                    var (hops, segment) = Place(order, stops[a] + 1, stops[b], pa + 1, pb - 1, null);
                    var cost = (moves, best[a].Hops + hops, best[a].Distance + segment);
                    if (cost.CompareTo(best[b]) < 0)
                    {
                        best[b] = cost;
                        parent[b] = a;
                    }
                }
            }

            var last = stops.Count - 1;
            if (parent[last] < 0)
            {
                throw new MaintenanceModeException(ErrorIds.PriorityRangeExhausted,
                    $"The listener's {n} rules do not fit in ALB's priorities 1-{RulePriority.Max} in the order needed. Remove rules, then retry. Nothing was changed.");
            }

            var result = new int[n];
            for (var b = last; b > 0; b = parent[b])
            {
                var a = parent[b];
                if (b < last)
                {
                    result[stops[b]] = PriorityAt(b);
                }

                Place(order, stops[a] + 1, stops[b], PriorityAt(a) + 1, PriorityAt(b) - 1, result);
            }

            return result;
        }

        /// <summary>
        /// Places slots [from, to) in the free priorities low..high. Preferred: a placement where no moving
        /// rule lands on a priority another one holds now, so one SetRulePriorities call (atomic, accepted by
        /// AWS and moto alike) does it; the nearest such one. Otherwise each existing rule as near its current
        /// priority as the order allows (the moves then take two calls). Returns whether it needs the second
        /// call and the total distance moved; writes the priorities into <paramref name="result"/> when given.
        /// </summary>
        private static (int Hops, long Distance) Place(IReadOnlyList<LayoutSlot> order, int from, int to, int low, int high, int[]? result)
        {
            if (to - from == 0)
            {
                return (0, 0);
            }

            var oneCall = InOneCall(order, from, to, low, high);
            if (oneCall != null)
            {
                long moved = 0;
                for (var k = from; k < to; k++)
                {
                    moved += order[k].Current.HasValue ? Math.Abs(oneCall[k - from] - order[k].Current!.Value) : 0;
                    if (result != null)
                    {
                        result[k] = oneCall[k - from];
                    }
                }

                return (0, moved);
            }

            return (1, Nearest(order, from, to, low, high, result));
        }

        /// <summary>
        /// The lowest placement in which every moving rule either stays or lands on a priority no rule of the
        /// run holds now (new rules may take the priorities the moving ones leave), or null when none fits.
        /// </summary>
        private static int[]? InOneCall(IReadOnlyList<LayoutSlot> order, int from, int to, int low, int high)
        {
            var held = new HashSet<int>();
            for (var k = from; k < to; k++)
            {
                if (order[k].Current.HasValue)
                {
                    held.Add(order[k].Current!.Value);
                }
            }

            var placed = new int[to - from];
            var next = low;
            for (var k = from; k < to; k++)
            {
                if (order[k].Current is int current && current >= next && current <= high)
                {
                    next = current;
                }
                else if (order[k].Current.HasValue)
                {
                    while (held.Contains(next))
                    {
                        next++;
                    }
                }

                if (next > high)
                {
                    return null;
                }

                placed[k - from] = next++;
            }

            // New rules take the priorities right in front of the next rule, not the lowest free ones.
            var ceiling = high;
            for (var k = to - 1; k >= from; k--)
            {
                if (order[k].Current.HasValue)
                {
                    ceiling = placed[k - from] - 1;
                }
                else
                {
                    placed[k - from] = ceiling--;
                }
            }

            return placed;
        }

        /// <summary>Each existing rule as near its current priority as the order allows; returns the distance moved.</summary>
        private static long Nearest(IReadOnlyList<LayoutSlot> order, int from, int to, int low, int high, int[]? result)
        {
            var count = to - from;

            // With q = s + k (k the index in the segment), "strictly ascending" becomes "s non-decreasing",
            // and s must stay within [low, high - count + 1]: an isotonic regression of c - k.
            var maxS = high - count + 1;
            var existing = new List<int>();
            for (var k = 0; k < count; k++)
            {
                if (order[from + k].Current.HasValue)
                {
                    existing.Add(k);
                }
            }

            var fitted = IsotonicL1(existing.Select(k => (long)order[from + k].Current!.Value - k).ToList());
            var s = new long[count];
            var next = (long)maxS;
            var e = existing.Count - 1;
            for (var k = count - 1; k >= 0; k--)
            {
                if (e >= 0 && existing[e] == k)
                {
                    next = Math.Min(maxS, Math.Max(low, fitted[e]));
                    e--;
                }

                s[k] = next;
            }

            long distance = 0;
            for (var k = 0; k < count; k++)
            {
                var q = s[k] + k;
                if (order[from + k].Current.HasValue)
                {
                    distance += Math.Abs(q - order[from + k].Current!.Value);
                }

                if (result != null)
                {
                    result[from + k] = (int)q;
                }
            }

            return distance;
        }

        /// <summary>Pool-adjacent-violators with block medians: the non-decreasing sequence nearest in L1.</summary>
        private static long[] IsotonicL1(IReadOnlyList<long> values)
        {
            var blocks = new List<List<long>>();
            foreach (var v in values)
            {
                blocks.Add(new List<long> { v });
                while (blocks.Count > 1 && Median(blocks[blocks.Count - 2]) > Median(blocks[blocks.Count - 1]))
                {
                    var top = blocks[blocks.Count - 1];
                    blocks.RemoveAt(blocks.Count - 1);
                    blocks[blocks.Count - 1].AddRange(top);
                }
            }

            var fitted = new long[values.Count];
            var i = 0;
            foreach (var block in blocks)
            {
                var m = Median(block);
                foreach (var _ in block)
                {
                    fitted[i++] = m;
                }
            }

            return fitted;
        }

        private static long Median(List<long> block)
        {
            var sorted = block.OrderBy(v => v).ToList();
            return sorted[(sorted.Count - 1) / 2];
        }
    }
}
