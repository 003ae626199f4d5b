using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Rules
{
    /// <summary>
    /// Rules that answer API clients in JSON, with the page's status code: one per slice of
    /// -ApiPathPattern (ALB allows 3 values per condition and 5 wildcards per rule), and one for
    /// requests whose Accept header asks for JSON. They sit just above the page and are created
    /// after it, so public traffic still flips with the page's one call; they only change how the
    /// maintenance answer looks to clients that are already getting it.
    /// </summary>
    public static class ApiRuleBuilder
    {
        public const string AcceptJsonPattern = "*application/json*";

        public static IReadOnlyList<RuleSpec> Build(MaintenanceSettings settings)
        {
            var rules = new List<RuleSpec>();
            if (settings.ApiPathPatterns.Count == 0)
            {
                return rules;
            }

            var slice = new List<string>();
            var wildcards = 0;
            foreach (var pattern in settings.ApiPathPatterns)
            {
                var stars = pattern.Count(c => c == '*' || c == '?');
                if (slice.Count == RuleLimits.MaxMatchValuesPerCondition || (slice.Count > 0 && wildcards + stars > RuleLimits.MaxWildcardsPerRule))
                {
                    rules.Add(Rule(RuleConditions.PathPatternCondition(slice.ToArray()), settings, "paths " + string.Join(", ", slice)));
                    slice.Clear();
                    wildcards = 0;
                }

                slice.Add(pattern);
                wildcards += stars;
            }

            rules.Add(Rule(RuleConditions.PathPatternCondition(slice.ToArray()), settings, "paths " + string.Join(", ", slice)));
            var accept = new RuleCondition
            {
                Field = RuleConditions.HttpHeader,
                HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "Accept", Values = new List<string> { AcceptJsonPattern } },
            };
            rules.Add(Rule(accept, settings, "requests that accept JSON"));
            return rules;
        }

        /// <summary>{"error":"maintenance","reason":"..."}: what an API client can parse.</summary>
        public static string Body(string? reason)
        {
            using (var stream = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartObject();
                    json.WriteString("error", "maintenance");
                    if (!string.IsNullOrEmpty(reason))
                    {
                        json.WriteString("reason", reason);
                    }

                    json.WriteEndObject();
                }

                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static RuleSpec Rule(RuleCondition condition, MaintenanceSettings settings, string what) => new RuleSpec
        {
            Conditions = new List<RuleCondition> { condition },
            Actions = new List<Action>
            {
                new Action
                {
                    Type = "fixed-response",
                    FixedResponseConfig = new FixedResponseActionConfig
                    {
                        StatusCode = settings.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ContentType = "application/json",
                        MessageBody = Body(settings.Reason),
                    },
                },
            },
            Tags = ModuleTags.ForRule(ModuleTags.ApiRole),
            Summary = $"JSON maintenance answer ({settings.StatusCode}) for {what}",
        };
    }
}
