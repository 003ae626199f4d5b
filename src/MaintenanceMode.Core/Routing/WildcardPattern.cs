using System;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// ALB's value matching: '*' matches zero or more characters, '?' exactly one, the whole value must
    /// match. Query-string values may escape a literal '*' or '?' with '\'.
    /// </summary>
    public static class WildcardPattern
    {
        public static bool IsMatch(string pattern, string text, bool ignoreCase, bool allowEscapes = false)
        {
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

            // Iterative matching with one backtrack point for the last '*': linear in practice,
            // and no regex, so user values never need escaping.
            int p = 0, t = 0, star = -1, starText = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length)
                {
                    var c = pattern[p];
                    var literal = false;
                    if (allowEscapes && c == '\\' && p + 1 < pattern.Length && (pattern[p + 1] == '*' || pattern[p + 1] == '?' || pattern[p + 1] == '\\'))
                    {
                        c = pattern[p + 1];
                        literal = true;
                    }

                    if (!literal && c == '*')
                    {
                        star = p++;
                        starText = t;
                        continue;
                    }

                    if ((!literal && c == '?') || string.Compare(pattern, p + (literal ? 1 : 0), text, t, 1, comparison) == 0)
                    {
                        p += literal ? 2 : 1;
                        t++;
                        continue;
                    }
                }

                if (star < 0)
                {
                    return false;
                }

                p = star + 1;
                t = ++starText;
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }
    }
}
