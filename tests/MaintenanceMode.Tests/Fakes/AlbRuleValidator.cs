using System.Text.RegularExpressions;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>
    /// ALB's checks on a rule, written independently of the module's own RuleLimits so that a limit
    /// the planner forgets is caught here, as AWS would catch it. Returns the AWS error code and a
    /// message for the first problem, or null.
    /// </summary>
    public static class AlbRuleValidator
    {
        private static readonly string[] SingleUse = { "host-header", "path-pattern", "http-request-method", "source-ip" };
        private static readonly string[] Fields = { "host-header", "path-pattern", "http-header", "query-string", "http-request-method", "source-ip" };
        private static readonly string[] ContentTypes = { "text/plain", "text/css", "text/html", "application/javascript", "application/json" };
        private static readonly Regex StatusCode = new Regex(@"^(2|4|5)\d\d$", RegexOptions.CultureInvariant);

        public static (string Code, string Message)? CheckPriority(int priority) =>
            priority < 1 || priority > 50000 ? ("ValidationError", $"Priority {priority} is not within 1 to 50000.") : null;

        public static (string Code, string Message)? CheckConditions(IReadOnlyList<RuleCondition>? conditions)
        {
            if (conditions == null || conditions.Count == 0)
            {
                return ("ValidationError", "A rule must have at least one condition.");
            }

            var total = 0;
            var wildcards = 0;
            foreach (var c in conditions)
            {
                if (c.Field == null || !Fields.Contains(c.Field))
                {
                    return ("ValidationError", $"Unknown condition field '{c.Field}'.");
                }

                var values = ValuesOf(c);
                if (values.Count == 0 || values.Any(v => v.Length == 0 || v.Length > 128))
                {
                    return ("ValidationError", $"A {c.Field} condition needs values of 1 to 128 characters.");
                }

                if (c.Values != null && c.Field != "host-header" && c.Field != "path-pattern")
                {
                    return ("ValidationError", $"Values can only be used with host-header and path-pattern, not {c.Field}.");
                }

                if (values.Count > 3)
                {
                    return ("InvalidConfigurationRequest", $"A condition can have at most 3 match evaluations; {c.Field} has {values.Count}.");
                }

                total += values.Count;
                wildcards += WildcardsOf(c);
            }

            foreach (var field in SingleUse)
            {
                if (conditions.Count(c => c.Field == field) > 1)
                {
                    return ("InvalidConfigurationRequest", $"A rule can have at most one '{field}' condition.");
                }
            }

            if (total > 5)
            {
                return ("InvalidConfigurationRequest", $"A rule can have at most 5 match evaluations; this one has {total}.");
            }

            if (wildcards > 5)
            {
                return ("InvalidConfigurationRequest", $"A rule can have at most 5 wildcards; this one has {wildcards}.");
            }

            return null;
        }

        public static (string Code, string Message)? CheckActions(IReadOnlyList<Action>? actions, bool requireOidcSecret)
        {
            if (actions == null || actions.Count == 0)
            {
                return ("ValidationError", "A rule needs at least one action.");
            }

            if (actions.Count > 1 && (actions.Any(a => a.Order == null) || actions.Select(a => a.Order).Distinct().Count() != actions.Count))
            {
                return ("ValidationError", "Several actions need distinct Order values.");
            }

            foreach (var a in actions)
            {
                if (a.Type == "fixed-response")
                {
                    var f = a.FixedResponseConfig;
                    if (f == null || f.StatusCode == null || !StatusCode.IsMatch(f.StatusCode))
                    {
                        return ("ValidationError", $"Fixed-response status code '{f?.StatusCode}' must match ^(2|4|5)\\d\\d$.");
                    }

                    if (f.ContentType != null && !ContentTypes.Contains(f.ContentType))
                    {
                        return ("ValidationError", $"Fixed-response content type '{f.ContentType}' is not supported.");
                    }

                    var length = f.MessageBody == null ? 0 : CharactersOf(f.MessageBody);
                    if (length > 1024)
                    {
                        return ("ValidationError", $"Fixed-response message body has {length} characters; at most 1024.");
                    }
                }
                else if (a.Type == "authenticate-oidc" && requireOidcSecret && string.IsNullOrEmpty(a.AuthenticateOidcConfig?.ClientSecret))
                {
                    return ("ValidationError", "An authenticate-oidc action needs a ClientSecret when the rule is created.");
                }
            }

            return null;
        }

        /// <summary>Match evaluations ALB counts for conditions as stored (no mirrored Values).</summary>
        public static int MatchEvaluations(IEnumerable<RuleCondition> conditions) => conditions.Sum(c => ValuesOf(c).Count);

        public static int Wildcards(IEnumerable<RuleCondition> conditions) => conditions.Sum(WildcardsOf);

        /// <summary>Code points: a surrogate pair is one character.</summary>
        public static int CharactersOf(string text) => text.Length - text.Count(char.IsLowSurrogate);

        private static List<string> ValuesOf(RuleCondition c)
        {
            var values = new List<string>();
            values.AddRange(c.Values ?? new List<string>());
            values.AddRange(c.RegexValues ?? new List<string>());
            values.AddRange(c.HostHeaderConfig?.Values ?? new List<string>());
            values.AddRange(c.HostHeaderConfig?.RegexValues ?? new List<string>());
            values.AddRange(c.PathPatternConfig?.Values ?? new List<string>());
            values.AddRange(c.PathPatternConfig?.RegexValues ?? new List<string>());
            values.AddRange(c.HttpHeaderConfig?.Values ?? new List<string>());
            values.AddRange(c.HttpHeaderConfig?.RegexValues ?? new List<string>());
            values.AddRange(c.HttpRequestMethodConfig?.Values ?? new List<string>());
            values.AddRange(c.SourceIpConfig?.Values ?? new List<string>());
            values.AddRange((c.QueryStringConfig?.Values ?? new List<QueryStringKeyValuePair>()).Select(p => (p.Key ?? string.Empty) + "=" + p.Value));
            return values;
        }

        private static int WildcardsOf(RuleCondition c)
        {
            if (c.Field == "source-ip" || c.Field == "http-request-method")
            {
                return 0;
            }

            var plain = new List<string>();
            plain.AddRange(c.Values ?? new List<string>());
            plain.AddRange(c.HostHeaderConfig?.Values ?? new List<string>());
            plain.AddRange(c.PathPatternConfig?.Values ?? new List<string>());
            plain.AddRange(c.HttpHeaderConfig?.Values ?? new List<string>());
            plain.AddRange((c.QueryStringConfig?.Values ?? new List<QueryStringKeyValuePair>()).Select(p => (p.Key ?? string.Empty) + p.Value));
            return plain.Sum(v => v.Count(ch => ch == '*' || ch == '?'));
        }
    }
}
