using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Rules
{
    /// <summary>
    /// ALB's limits on one rule, checked before anything changes: AWS enforces them, moto does not,
    /// and a plan that fails halfway on a limit is exactly what the module exists to avoid.
    /// </summary>
    public static class RuleLimits
    {
        public const int MaxMatchValuesPerRule = 5;
        public const int MaxMatchValuesPerCondition = 3;
        public const int MaxWildcardsPerRule = 5;
        public const int DefaultRulesPerLoadBalancer = 100;
        /// <summary>ALB's limit on a fixed response's MessageBody, in characters (not bytes).</summary>
        public const int MaxMessageBodyCharacters = 1024;

        public static int MatchValues(IEnumerable<RuleCondition> conditions) => conditions.Sum(c => RuleConditions.MatchValues(c).Count);

        public static int Wildcards(IEnumerable<RuleCondition> conditions) => conditions.Sum(RuleConditions.Wildcards);

        /// <summary>Every way <paramref name="rule"/> breaks a limit, in words; empty when it keeps them all.</summary>
        public static IReadOnlyList<string> Violations(RuleSpec rule)
        {
            var problems = new List<string>();
            if (rule.Priority < RulePriority.Min || rule.Priority > RulePriority.Max)
            {
                problems.Add($"priority {rule.Priority} is outside {RulePriority.Min}-{RulePriority.Max}");
            }

            if (rule.Conditions.Count == 0)
            {
                problems.Add("a rule needs at least one condition");
            }

            foreach (var field in RuleConditions.SingleUseFields)
            {
                var count = rule.Conditions.Count(c => c.Field == field);
                if (count > 1)
                {
                    problems.Add($"{count} {field} conditions (at most one)");
                }
            }

            foreach (var condition in rule.Conditions)
            {
                var values = RuleConditions.MatchValues(condition).Count;
                if (values > MaxMatchValuesPerCondition)
                {
                    problems.Add($"a {condition.Field} condition with {values} values (at most {MaxMatchValuesPerCondition})");
                }
            }

            var total = MatchValues(rule.Conditions);
            if (total > MaxMatchValuesPerRule)
            {
                problems.Add($"{total} condition values (at most {MaxMatchValuesPerRule} per rule)");
            }

            var wildcards = Wildcards(rule.Conditions);
            if (wildcards > MaxWildcardsPerRule)
            {
                problems.Add($"{wildcards} wildcards (at most {MaxWildcardsPerRule} per rule)");
            }

            foreach (var action in rule.Actions.Where(a => a.FixedResponseConfig != null))
            {
                problems.AddRange(FixedResponseViolations(action.FixedResponseConfig!));
            }

            return problems;
        }

        public static IEnumerable<string> FixedResponseViolations(FixedResponseActionConfig config)
        {
            var status = config.StatusCode ?? string.Empty;
            if (status.Length != 3 || (status[0] != '2' && status[0] != '4' && status[0] != '5') || !char.IsDigit(status[1]) || !char.IsDigit(status[2]))
            {
                yield return $"fixed-response status code '{status}' (must be 2xx, 4xx or 5xx)";
            }

            if (config.ContentType != null && !PageContentType.Allowed.Contains(config.ContentType))
            {
                yield return $"fixed-response content type '{config.ContentType}' (one of {string.Join(", ", PageContentType.Allowed)})";
            }

            var length = MessageBodyLength(config.MessageBody);
            if (length > MaxMessageBodyCharacters)
            {
                yield return $"fixed-response body of {length} characters (at most {MaxMessageBodyCharacters})";
            }
        }

        /// <summary>
        /// The length ALB compares with <see cref="MaxMessageBodyCharacters"/>: UTF-16 code units, so a character outside the
        /// Basic Multilingual Plane (an emoji, a rare CJK ideograph) counts as two.
        /// </summary>
        /// <remarks>
        /// The API model states the limit in characters without defining them. Smithy's length trait counts Unicode
        /// scalar values, while a service written in Java counts String.length(), i.e. UTF-16 units. The two differ
        /// only for surrogate pairs, and UTF-16 units is never the smaller count, so a page accepted here is
        /// accepted by ALB under either reading. The cost is refusing a page of, say, 1000 letters and 20 emoji
        /// that ALB might have taken; refusing it here is better than a failure halfway through enabling maintenance.
        /// Letters such as é or 日 are one unit each, so multibyte text gets the full 1024 characters.
        /// </remarks>
        public static int MessageBodyLength(string? body) => string.IsNullOrEmpty(body) ? 0 : body!.Length;
    }
}
