using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Rules
{
    /// <summary>Reads conditions the way ALB counts them, whichever of the two forms (legacy Values or
    /// a *Config) a rule uses.</summary>
    public static class RuleConditions
    {
        public const string HostHeader = "host-header";
        public const string PathPattern = "path-pattern";
        public const string HttpHeader = "http-header";
        public const string QueryString = "query-string";
        public const string HttpRequestMethod = "http-request-method";
        public const string SourceIp = "source-ip";

        /// <summary>Fields a rule may carry at most once; http-header and query-string may repeat.</summary>
        public static readonly IReadOnlyCollection<string> SingleUseFields = new[] { HostHeader, PathPattern, HttpRequestMethod, SourceIp };

        /// <summary>Every match evaluation of the condition, in the order it is written: ALB counts these.</summary>
        public static IReadOnlyList<string> MatchValues(RuleCondition condition)
        {
            var values = new List<string>();
            void Add(IEnumerable<string>? items)
            {
                if (items != null)
                {
                    values.AddRange(items);
                }
            }

            Add(LegacyValues(condition));
            Add(condition.RegexValues);
            Add(condition.HostHeaderConfig?.Values);
            Add(condition.HostHeaderConfig?.RegexValues);
            Add(condition.PathPatternConfig?.Values);
            Add(condition.PathPatternConfig?.RegexValues);
            Add(condition.HttpHeaderConfig?.Values);
            Add(condition.HttpHeaderConfig?.RegexValues);
            Add(condition.HttpRequestMethodConfig?.Values);
            Add(condition.SourceIpConfig?.Values);
            if (condition.QueryStringConfig?.Values != null)
            {
                values.AddRange(condition.QueryStringConfig.Values.Select(p => (p.Key ?? string.Empty) + "=" + (p.Value ?? string.Empty)));
            }

            return values;
        }

        /// <summary>Wildcards ('*' and '?') in value matches; ALB allows five per rule. Regex matches don't count.</summary>
        public static int Wildcards(RuleCondition condition)
        {
            if (condition.Field == SourceIp || condition.Field == HttpRequestMethod)
            {
                return 0;
            }

            var plain = new List<string>();
            plain.AddRange(LegacyValues(condition) ?? new List<string>());
            plain.AddRange(condition.HostHeaderConfig?.Values ?? new List<string>());
            plain.AddRange(condition.PathPatternConfig?.Values ?? new List<string>());
            plain.AddRange(condition.HttpHeaderConfig?.Values ?? new List<string>());
            if (condition.QueryStringConfig?.Values != null)
            {
                plain.AddRange(condition.QueryStringConfig.Values.Select(p => (p.Key ?? string.Empty) + (p.Value ?? string.Empty)));
            }

            return plain.Sum(v => v.Count(c => c == '*' || c == '?'));
        }

        /// <summary>
        /// The legacy Values, unless they only repeat the typed config: DescribeRules mirrors a host-header
        /// or path-pattern config into Values, and counting both would double the rule's values.
        /// </summary>
        public static List<string>? LegacyValues(RuleCondition condition)
        {
            var typed = condition.Field == HostHeader ? condition.HostHeaderConfig?.Values
                : condition.Field == PathPattern ? condition.PathPatternConfig?.Values
                : null;
            return typed != null && condition.Values != null && condition.Values.SequenceEqual(typed, StringComparer.Ordinal) ? null : condition.Values;
        }

        /// <summary>Copies of the conditions without mirrored legacy Values, for comparing a rule as written with the same rule as read.</summary>
        public static List<RuleCondition> WithoutMirroredValues(IEnumerable<RuleCondition>? conditions) =>
            (conditions ?? Enumerable.Empty<RuleCondition>()).Select(c =>
            {
                var copy = ModelCopy.Of(c);
                copy.Values = LegacyValues(c);
                return copy;
            }).ToList();

        public static IReadOnlyList<string> SourceIpValues(RuleCondition condition) =>
            (IReadOnlyList<string>?)condition.SourceIpConfig?.Values ?? condition.Values ?? new List<string>();

        public static RuleCondition SourceIpCondition(IEnumerable<string> cidrs) => new RuleCondition
        {
            Field = SourceIp,
            SourceIpConfig = new SourceIpConditionConfig { Values = cidrs.ToList() },
        };

        public static RuleCondition HttpHeaderCondition(string name, string value) => new RuleCondition
        {
            Field = HttpHeader,
            HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = name, Values = new List<string> { value } },
        };

        public static RuleCondition PathPatternCondition(params string[] patterns) => new RuleCondition
        {
            Field = PathPattern,
            PathPatternConfig = new PathPatternConditionConfig { Values = patterns.ToList() },
        };
    }
}
