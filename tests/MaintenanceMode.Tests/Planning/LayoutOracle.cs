namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// Whether a maintenance layout fits ALB's priorities, by brute force over which user rules stay where
    /// they are: <c>front</c> new rules, then every user rule in its order, all at distinct priorities in
    /// 1..50000. Independent of the planner's dynamic programme, and only for small listeners.
    /// </summary>
    internal static class LayoutOracle
    {
        public const int MaxUsers = 12;

        /// <summary>The fewest user rules that must move, or null when no layout fits at all.</summary>
        public static int? FewestMoves(IReadOnlyList<int> userPriorities, int front)
        {
            var users = userPriorities.OrderBy(p => p).ToList();
            int? best = null;
            for (var stay = 0; stay < 1 << users.Count; stay++)
            {
                if (Fits(users, front, stay))
                {
                    var moved = users.Count - CountBits(stay);
                    best = best == null || moved < best ? moved : best;
                }
            }

            return best;
        }

        /// <summary>Every run of rules between two that stay (or the range's ends) fits in the free priorities there.</summary>
        private static bool Fits(IReadOnlyList<int> users, int front, int stay)
        {
            var lowPriority = 0;
            var waiting = front;
            for (var i = 0; i < users.Count; i++)
            {
                if ((stay & (1 << i)) == 0)
                {
                    waiting++;
                    continue;
                }

                if (users[i] - lowPriority - 1 < waiting)
                {
                    return false;
                }

                lowPriority = users[i];
                waiting = 0;
            }

            return 50000 - lowPriority >= waiting;
        }

        private static int CountBits(int n)
        {
            var count = 0;
            for (; n != 0; n &= n - 1)
            {
                count++;
            }

            return count;
        }
    }
}
