using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Rules.Bypass
{
    /// <summary>
    /// The conditions of the bypass copies of one rule for -AllowPath or -AllowHost: the rule's own
    /// conditions, with its path-pattern (host-header) condition replaced by the patterns it shares with
    /// the allowed ones, or with the allowed patterns added where it has none. When those patterns do not
    /// fit one rule (3 values a condition, 5 a rule, 5 wildcards), consecutive copies take a share each:
    /// together they match what one would, and they route alike, so the split changes nothing.
    /// </summary>
    public static class AllowedPatternCopies
    {
        /// <summary>One list of conditions per copy; none when the rule shares no value with the allowed patterns.</summary>
        /// <param name="field"><see cref="RuleConditions.PathPattern"/> or <see cref="RuleConditions.HostHeader"/>.</param>
        /// <exception cref="Errors.MaintenanceModeException">BypassNotPossible: the copies cannot be written exactly within ALB's limits.</exception>
        public static IReadOnlyList<List<RuleCondition>> For(string label, IReadOnlyList<RuleCondition> conditions, string field, IReadOnlyList<string> allowed)
        {
            var parameter = field == RuleConditions.PathPattern ? "-AllowPath" : "-AllowHost";
            var own = conditions.FirstOrDefault(c => c.Field == field);
            IReadOnlyList<string> patterns = allowed;
            if (own != null)
            {
                var shared = PatternIntersection.Intersect(own, allowed, out var conflict);
                if (shared == null)
                {
                    throw BypassRuleBuilder.Impossible($"{label} has a {field} condition that {parameter} overlaps only in part: {conflict}. Allow a pattern that contains the rule's, or one it contains, or a value without wildcards.");
                }

                patterns = shared;
            }

            if (patterns.Count == 0)
            {
                // No allowed request can match this rule; allowed requests fall through to later copies
                // exactly as they fall through the original rules.
                return Array.Empty<List<RuleCondition>>();
            }

            var others = conditions.Where(c => c.Field != field).Select(ModelCopy.Of).ToList();
            var usedValues = RuleLimits.MatchValues(others);
            var usedWildcards = RuleLimits.Wildcards(others);
            var copies = new List<List<RuleCondition>>();
            var slice = new List<string>();
            void Close()
            {
                var copy = others.Select(ModelCopy.Of).ToList();
                copy.Add(Condition(field, slice));
                copies.Add(copy);
                slice = new List<string>();
            }

            foreach (var pattern in patterns)
            {
                var wildcards = pattern.Count(c => c == '*' || c == '?');
                if (usedValues + 1 > RuleLimits.MaxMatchValuesPerRule || usedWildcards + wildcards > RuleLimits.MaxWildcardsPerRule)
                {
                    throw BypassRuleBuilder.Impossible($"{label} already uses {usedValues} of ALB's {RuleLimits.MaxMatchValuesPerRule} condition values and {usedWildcards} of its {RuleLimits.MaxWildcardsPerRule} wildcards besides its {field} condition, so a copy for {parameter} '{pattern}' does not fit. Allow a pattern with fewer wildcards, or enable without {parameter}.");
                }

                var sliceWildcards = slice.Sum(v => v.Count(c => c == '*' || c == '?'));
                if (slice.Count == RuleLimits.MaxMatchValuesPerCondition
                    || usedValues + slice.Count + 1 > RuleLimits.MaxMatchValuesPerRule
                    || usedWildcards + sliceWildcards + wildcards > RuleLimits.MaxWildcardsPerRule)
                {
                    Close();
                }

                slice.Add(pattern);
            }

            Close();
            return copies;
        }

        private static RuleCondition Condition(string field, List<string> values) => field == RuleConditions.HostHeader
            ? new RuleCondition { Field = field, HostHeaderConfig = new HostHeaderConditionConfig { Values = values } }
            : RuleConditions.PathPatternCondition(values.ToArray());
    }
}
