using System.Collections.Generic;
using System.Linq;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// Questions about the whole set of values an ALB wildcard pattern matches ('*' zero or more
    /// characters, '?' exactly one): do two patterns share a value, does one match every value the
    /// other does. Both are decided exactly on the patterns' automata, not by sampling, because the
    /// bypass copies built from the answers must route exactly the requests the originals route.
    /// </summary>
    public static class WildcardLanguage
    {
        /// <summary>States explored before giving up on a containment question (never reached by patterns of ALB's size in practice).</summary>
        private const int MaxStates = 200_000;

        public static bool HasWildcards(string pattern) => pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0;

        /// <summary>True when some value matches both patterns.</summary>
        public static bool Intersects(string p, string q, bool ignoreCase)
        {
            // Walk both patterns at once; a state is a position in each.
            var seen = new HashSet<(int, int)>();
            var work = new Stack<(int, int)>();
            void Push(int i, int j)
            {
                if (seen.Add((i, j)))
                {
                    work.Push((i, j));
                }
            }

            Push(0, 0);
            while (work.Count > 0)
            {
                var (i, j) = work.Pop();
                if (i == p.Length && j == q.Length)
                {
                    return true;
                }

                if (i < p.Length && p[i] == '*')
                {
                    Push(i + 1, j);
                }

                if (j < q.Length && q[j] == '*')
                {
                    Push(i, j + 1);
                }

                // One character read by both.
                if (i < p.Length && j < q.Length && (IsWildcard(p[i]) || IsWildcard(q[j]) || Same(p[i], q[j], ignoreCase)))
                {
                    Push(p[i] == '*' ? i : i + 1, q[j] == '*' ? j : j + 1);
                }
            }

            return false;
        }

        /// <summary>
        /// True when every value <paramref name="inner"/> matches, <paramref name="outer"/> matches too.
        /// False when a value shows otherwise, and also (never seen in practice) when the question is too
        /// large to settle: callers treat false as "not shown", which only ever leads to a refusal.
        /// </summary>
        public static bool Contains(string outer, string inner, bool ignoreCase)
        {
            // Every character outer tells apart, plus one it does not know: enough to stand for all.
            var alphabet = outer.Where(c => !IsWildcard(c)).Select(c => ignoreCase ? char.ToUpperInvariant(c) : c).Distinct().ToList();
            var other = '\u0001';
            alphabet.Add(other);

            // Inner is walked as an automaton (position i), outer determinized (the set of positions S).
            var start = Closure(outer, new SortedSet<int> { 0 });
            var seen = new HashSet<string>();
            var work = new Stack<(int, SortedSet<int>)>();
            void Push(int i, SortedSet<int> s)
            {
                if (seen.Add(i + ":" + string.Join(",", s)))
                {
                    work.Push((i, s));
                }
            }

            Push(0, start);
            while (work.Count > 0)
            {
                if (seen.Count > MaxStates)
                {
                    return false;
                }

                var (i, s) = work.Pop();
                if (i == inner.Length)
                {
                    if (!s.Contains(outer.Length))
                    {
                        return false;
                    }

                    continue;
                }

                var c = inner[i];
                if (c == '*')
                {
                    Push(i + 1, s);
                    foreach (var a in alphabet)
                    {
                        Push(i, Step(outer, s, a, ignoreCase));
                    }
                }
                else if (c == '?')
                {
                    foreach (var a in alphabet)
                    {
                        Push(i + 1, Step(outer, s, a, ignoreCase));
                    }
                }
                else
                {
                    Push(i + 1, Step(outer, s, c, ignoreCase));
                }
            }

            return true;
        }

        /// <summary>True when the two patterns match exactly the same values.</summary>
        public static bool Equivalent(string p, string q, bool ignoreCase) => Contains(p, q, ignoreCase) && Contains(q, p, ignoreCase);

        private static SortedSet<int> Step(string pattern, SortedSet<int> states, char c, bool ignoreCase)
        {
            var next = new SortedSet<int>();
            foreach (var k in states)
            {
                if (k == pattern.Length)
                {
                    continue;
                }

                var pc = pattern[k];
                if (pc == '*')
                {
                    next.Add(k);
                }
                else if (pc == '?' || Same(pc, c, ignoreCase))
                {
                    next.Add(k + 1);
                }
            }

            return Closure(pattern, next);
        }

        /// <summary>Adds the positions reachable by letting a '*' match nothing.</summary>
        private static SortedSet<int> Closure(string pattern, SortedSet<int> states)
        {
            var work = new Stack<int>(states);
            while (work.Count > 0)
            {
                var k = work.Pop();
                if (k < pattern.Length && pattern[k] == '*' && states.Add(k + 1))
                {
                    work.Push(k + 1);
                }
            }

            return states;
        }

        private static bool IsWildcard(char c) => c == '*' || c == '?';

        private static bool Same(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
