using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;
using MaintenanceMode.Operations;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// What a listener does with sampled requests, and what the planner should be able to do with it,
    /// worked out independently of the planner: routing keys from <see cref="RuleMatcher"/>, bypass
    /// feasibility and copy counts from ALB's limits.
    /// </summary>
    internal sealed class RoutingOracle
    {
        private readonly Dictionary<object, string> _keys = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);

        /// <summary>What a request meets: the actions and transforms of the rule that takes it.</summary>
        public string RouteKey(Rule? rule)
        {
            if (rule == null)
            {
                return "(no rule)";
            }

            var actions = (object?)rule.Actions ?? rule;
            if (!_keys.TryGetValue(actions, out var key))
            {
                key = ModelJson.Serialize(rule.Actions) + ModelJson.Serialize(rule.Transforms);
                _keys[actions] = key;
            }

            return key;
        }

        public static bool IsAllowed(HttpRequestSample request, MaintenanceSettings settings) =>
            settings.AllowSourceIp.Any(c => c.Contains(request.SourceIp))
            || settings.AllowHeaders.Any(h => RuleMatcher.Matches(Build.Header(h.Name, h.Value), request))
            || settings.AllowPaths.Any(p => WildcardPattern.IsMatch(p, request.Path, ignoreCase: false))
            || settings.AllowHosts.Any(h => WildcardPattern.IsMatch(h, request.Host, ignoreCase: true));

        /// <summary>
        /// Whether the oracle can count the copies: for source addresses and headers it can; for paths and
        /// hosts the count depends on how patterns nest, which only the routing of the result shows.
        /// </summary>
        public static bool CountsCopies(MaintenanceSettings settings) => settings.AllowPaths.Count == 0 && settings.AllowHosts.Count == 0;

        /// <summary>How many bypass rules an exact bypass needs, or null when ALB's limits make it impossible.</summary>
        public static int? BypassCopies(IReadOnlyList<Rule> storedRules, MaintenanceSettings settings, out string why)
        {
            why = string.Empty;
            if (!settings.HasBypass)
            {
                return 0;
            }

            var copies = 0;
            foreach (var rule in storedRules.Where(r => !r.IsDefault).Concat(storedRules.Where(r => r.IsDefault)))
            {
                var conditions = rule.Conditions ?? new List<RuleCondition>();
                var oidc = (rule.Actions ?? new List<Aws.Elbv2.Action>()).Any(a => a.Type == "authenticate-oidc");
                if (oidc && settings.AllowHeaders.Count > 0)
                {
                    why = $"rule {rule.Priority} is OIDC and an allowed header can reach it";
                    return null;
                }

                if (settings.AllowSourceIp.Count > 0)
                {
                    var own = conditions.FirstOrDefault(c => c.Field == "source-ip");
                    var cidrs = own == null ? settings.AllowSourceIp : CidrBlock.Intersect(own.SourceIpConfig!.Values!.Select(CidrBlock.Parse), settings.AllowSourceIp);
                    if (cidrs.Count > 0)
                    {
                        if (oidc)
                        {
                            why = $"rule {rule.Priority} is OIDC and an allowed address can reach it";
                            return null;
                        }

                        var used = AlbRuleValidator.MatchEvaluations(conditions.Where(c => c.Field != "source-ip"));
                        var room = Math.Min(3, 5 - used);
                        if (room <= 0)
                        {
                            why = $"rule {rule.Priority} uses {used} values besides its source-ip";
                            return null;
                        }

                        copies += (cidrs.Count + room - 1) / room;
                    }
                }

                foreach (var header in settings.AllowHeaders)
                {
                    var used = AlbRuleValidator.MatchEvaluations(conditions);
                    var wildcards = AlbRuleValidator.Wildcards(conditions) + header.Value.Count(c => c == '*' || c == '?');
                    if (used + 1 > 5 || wildcards > 5)
                    {
                        why = $"rule {rule.Priority} has {used} values and would have {wildcards} wildcards with the header";
                        return null;
                    }

                    copies++;
                }
            }

            return copies;
        }
    }
}
