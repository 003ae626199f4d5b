using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// ALB's rule evaluation as a pure function: rules in priority order, the default rule last; the
    /// first rule whose conditions all hold wins. Within a condition the values are alternatives (OR);
    /// the conditions of a rule must all hold (AND). Both condition forms are read: the legacy
    /// <c>Values</c> (host-header and path-pattern) and the typed <c>*Config</c>.
    /// </summary>
    /// <remarks>
    /// Case rules follow the ALB documentation: host names, header values and query strings compare
    /// case-insensitively, paths and request methods case-sensitively, header names case-insensitively.
    /// Regex values must match the whole field and are evaluated with .NET regular expressions, with the
    /// same case rule as plain values of that field. ALB's dialect is narrower (no lookaround,
    /// backreferences, atomic groups, possessive quantifiers, recursion or Unicode classes such as
    /// \p{L}); a pattern ALB accepts means the same here, but this matcher does not reject the others.
    /// </remarks>
    public static class RuleMatcher
    {
        private static readonly ConcurrentDictionary<(string Pattern, bool IgnoreCase), Regex> Regexes =
            new ConcurrentDictionary<(string Pattern, bool IgnoreCase), Regex>();

        /// <summary>The rule that handles <paramref name="request"/>: the first match by priority, else the default rule (null when there is none).</summary>
        public static Rule? Match(IEnumerable<Rule> rules, HttpRequestSample request)
        {
            Rule? fallback = null;
            foreach (var rule in rules.OrderBy(SortKey))
            {
                if (rule.IsDefault)
                {
                    fallback ??= rule;
                    continue;
                }

                if (Matches(rule, request))
                {
                    return rule;
                }
            }

            return fallback;
        }

        /// <summary>True when every condition of a non-default rule holds for the request.</summary>
        public static bool Matches(Rule rule, HttpRequestSample request)
        {
            if (rule.IsDefault)
            {
                return true;
            }

            var conditions = rule.Conditions ?? new List<RuleCondition>();
            return conditions.All(c => Matches(c, request));
        }

        public static bool Matches(RuleCondition condition, HttpRequestSample request)
        {
            switch (condition.Field)
            {
                case "host-header":
                    return AnyValue(
                        Union(condition.Values, condition.HostHeaderConfig?.Values),
                        Union(condition.RegexValues, condition.HostHeaderConfig?.RegexValues),
                        new[] { request.Host },
                        ignoreCase: true);

                case "path-pattern":
                    return AnyValue(
                        Union(condition.Values, condition.PathPatternConfig?.Values),
                        Union(condition.RegexValues, condition.PathPatternConfig?.RegexValues),
                        new[] { request.Path },
                        ignoreCase: false);

                case "http-header":
                {
                    var config = condition.HttpHeaderConfig;
                    if (config?.HttpHeaderName == null)
                    {
                        return false;
                    }

                    // A repeated header is searched in order until one occurrence matches.
                    return AnyValue(
                        Union(config.Values, null),
                        Union(condition.RegexValues, config.RegexValues),
                        request.HeaderValues(config.HttpHeaderName),
                        ignoreCase: true);
                }

                case "http-request-method":
                    return Union(condition.Values, condition.HttpRequestMethodConfig?.Values)
                        .Any(m => string.Equals(m, request.Method, StringComparison.Ordinal));

                case "query-string":
                    return (condition.QueryStringConfig?.Values ?? new List<QueryStringKeyValuePair>())
                        .Any(pair => request.Query.Any(q => QueryPairMatches(pair, q)));

                case "source-ip":
                    return Union(condition.Values, condition.SourceIpConfig?.Values)
                        .Any(cidr => CidrBlock.TryParse(cidr, out var block, out _) && block!.Contains(request.SourceIp));

                default:
                    // A field this matcher does not know never matches, so an unknown rule is never
                    // reported as routing traffic it might not route.
                    return false;
            }
        }

        private static bool QueryPairMatches(QueryStringKeyValuePair pair, KeyValuePair<string, string> query)
        {
            if (pair.Key != null && !WildcardPattern.IsMatch(pair.Key, query.Key, ignoreCase: true, allowEscapes: true))
            {
                return false;
            }

            return WildcardPattern.IsMatch(pair.Value ?? string.Empty, query.Value, ignoreCase: true, allowEscapes: true);
        }

        private static bool AnyValue(IReadOnlyList<string> patterns, IReadOnlyList<string> regexes, IEnumerable<string> fields, bool ignoreCase)
        {
            foreach (var field in fields)
            {
                if (patterns.Any(p => WildcardPattern.IsMatch(p, field, ignoreCase)) || regexes.Any(r => RegexFor(r, ignoreCase).IsMatch(field)))
                {
                    return true;
                }
            }

            return false;
        }

        private static Regex RegexFor(string pattern, bool ignoreCase) =>
            Regexes.GetOrAdd((pattern, ignoreCase), key =>
                new Regex(@"\A(?:" + key.Pattern + @")\z",
                    RegexOptions.CultureInvariant | (key.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None),
                    TimeSpan.FromSeconds(1)));

        private static IReadOnlyList<string> Union(List<string>? a, List<string>? b)
        {
            if (b == null || b.Count == 0)
            {
                return (IReadOnlyList<string>?)a ?? Array.Empty<string>();
            }

            if (a == null || a.Count == 0)
            {
                return b;
            }

            // DescribeRules mirrors a typed config into Values; the union of both is the same set.
            return a.Concat(b).Distinct(StringComparer.Ordinal).ToList();
        }

        private static int SortKey(Rule rule)
        {
            if (rule.IsDefault || !int.TryParse(rule.Priority, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var p))
            {
                return int.MaxValue;
            }

            return p;
        }
    }
}
