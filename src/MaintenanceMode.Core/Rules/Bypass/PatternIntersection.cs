using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;

namespace MaintenanceMode.Rules.Bypass
{
    /// <summary>
    /// The values a rule's path-pattern (or host-header) condition shares with the allowed patterns,
    /// written as ALB patterns that match exactly those values. A copy of the rule for the allowance
    /// carries them in place of the rule's own condition, since ALB takes one such condition per rule.
    /// </summary>
    public static class PatternIntersection
    {
        /// <summary>
        /// The patterns for (any of the rule's values) and (any of the allowed ones): empty when they share no
        /// value. Per pair: none when disjoint, the narrower when one contains the other; a pair the module
        /// cannot write exactly is returned in <paramref name="conflict"/> and the result is null.
        /// </summary>
        public static IReadOnlyList<string>? Intersect(RuleCondition condition, IReadOnlyList<string> allowed, out string? conflict)
        {
            conflict = null;
            var ignoreCase = condition.Field == RuleConditions.HostHeader;
            var result = new List<string>();
            foreach (var own in PlainValues(condition))
            {
                foreach (var allow in allowed)
                {
                    if (!WildcardLanguage.Intersects(own, allow, ignoreCase))
                    {
                        continue;
                    }

                    if (WildcardLanguage.Contains(allow, own, ignoreCase))
                    {
                        result.Add(own);
                    }
                    else if (WildcardLanguage.Contains(own, allow, ignoreCase))
                    {
                        result.Add(allow);
                    }
                    else
                    {
                        conflict = $"'{own}' and '{allow}' overlap, but neither contains the other, and no set of ALB patterns is known to match exactly the values both match";
                        return null;
                    }
                }
            }

            foreach (var regex in RegexValues(condition))
            {
                foreach (var allow in allowed)
                {
                    // A plain value either matches the regex or not: exact. A wildcard pattern would need the
                    // intersection of a regex and a pattern, which ALB cannot express in one condition.
                    if (WildcardLanguage.HasWildcards(allow))
                    {
                        conflict = $"the regex '{regex}' and the pattern '{allow}': the values both match cannot be written as ALB patterns (a value without '*' or '?' can be)";
                        return null;
                    }

                    if (RegexMatches(condition.Field!, regex, allow))
                    {
                        result.Add(allow);
                    }
                }
            }

            return Narrowest(result, ignoreCase);
        }

        /// <summary>The plain values of a path-pattern or host-header condition, whichever form holds them.</summary>
        public static IReadOnlyList<string> PlainValues(RuleCondition condition)
        {
            var typed = condition.Field == RuleConditions.HostHeader ? condition.HostHeaderConfig?.Values : condition.PathPatternConfig?.Values;
            return (condition.Values ?? new List<string>()).Concat(typed ?? new List<string>()).Distinct(StringComparer.Ordinal).ToList();
        }

        public static IReadOnlyList<string> RegexValues(RuleCondition condition)
        {
            var typed = condition.Field == RuleConditions.HostHeader ? condition.HostHeaderConfig?.RegexValues : condition.PathPatternConfig?.RegexValues;
            return (condition.RegexValues ?? new List<string>()).Concat(typed ?? new List<string>()).Distinct(StringComparer.Ordinal).ToList();
        }

        /// <summary>Drops a pattern another one in the list already covers: fewer values, the same matches.</summary>
        private static IReadOnlyList<string> Narrowest(List<string> patterns, bool ignoreCase)
        {
            var kept = new List<string>();
            foreach (var pattern in patterns)
            {
                if (kept.Any(k => WildcardLanguage.Contains(k, pattern, ignoreCase)))
                {
                    continue;
                }

                kept.RemoveAll(k => WildcardLanguage.Contains(pattern, k, ignoreCase));
                kept.Add(pattern);
            }

            return kept;
        }

        /// <summary>Asks the rule matcher, so the regex is read exactly as routing reads it.</summary>
        private static bool RegexMatches(string field, string regex, string value)
        {
            var probe = field == RuleConditions.HostHeader
                ? new RuleCondition { Field = field, HostHeaderConfig = new HostHeaderConditionConfig { RegexValues = new List<string> { regex } } }
                : new RuleCondition { Field = field, PathPatternConfig = new PathPatternConditionConfig { RegexValues = new List<string> { regex } } };
            var request = new HttpRequestSample(field == RuleConditions.HostHeader ? value : "example.com", field == RuleConditions.PathPattern ? value : "/", "GET", IPAddress.Loopback);
            return RuleMatcher.Matches(probe, request);
        }
    }
}
