using System;
using System.Collections.Generic;
using System.Linq;
using Action = MaintenanceMode.Aws.Elbv2.Action;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Routing;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations;

namespace MaintenanceMode.Rules.Bypass
{
    /// <summary>
    /// Builds the bypass rules: for each user rule, in priority order, copies that also require an
    /// allowed source, header, path or host; then the same for the default rule. Placed above the page, they route
    /// an allowed request exactly as the original rules would, and match nothing else, so staging them
    /// never changes what public traffic sees.
    /// </summary>
    public static class BypassRuleBuilder
    {
        /// <summary>The bypass rules in evaluation order, priorities not yet assigned.</summary>
        /// <exception cref="MaintenanceModeException">A limit or an OIDC secret makes exact bypass routing impossible.</exception>
        public static IReadOnlyList<RuleSpec> Build(IReadOnlyList<Rule> userRules, IReadOnlyList<Action> defaultActions, MaintenanceSettings settings)
        {
            var result = new List<RuleSpec>();
            if (!settings.HasBypass)
            {
                return result;
            }

            foreach (var rule in userRules)
            {
                var label = $"rule {rule.Priority} ({ShortArn(rule.RuleArn)})";
                result.AddRange(ForRule(label, rule.RuleArn, rule.Conditions ?? new List<RuleCondition>(), rule.Actions ?? new List<Action>(), rule.Transforms, settings));
            }

            result.AddRange(ForRule("the default rule", null, new List<RuleCondition>(), defaultActions, null, settings));
            return result;
        }

        private static IEnumerable<RuleSpec> ForRule(string label, string? ruleArn, IReadOnlyList<RuleCondition> conditions,
            IReadOnlyList<Action> actions, List<RuleTransform>? transforms, MaintenanceSettings settings)
        {
            var specs = new List<RuleSpec>();
            if (settings.AllowSourceIp.Count > 0)
            {
                specs.AddRange(ForSourceIps(label, ruleArn, conditions, actions, transforms, settings.AllowSourceIp));
            }

            foreach (var header in settings.AllowHeaders)
            {
                var withHeader = Clone(conditions);
                withHeader.Add(RuleConditions.HttpHeaderCondition(header.Name, header.Value));
                CheckRoom(label, withHeader);
                specs.Add(Spec(withHeader, actions, transforms, ruleArn, $"bypass copy of {label} for requests with header {header.Name}"));
            }

            if (settings.AllowPaths.Count > 0)
            {
                specs.AddRange(AllowedPatternCopies.For(label, conditions, RuleConditions.PathPattern, settings.AllowPaths)
                    .Select(c => Spec(c, actions, transforms, ruleArn, $"bypass copy of {label} for paths {Patterns(c, RuleConditions.PathPattern)}")));
            }

            if (settings.AllowHosts.Count > 0)
            {
                specs.AddRange(AllowedPatternCopies.For(label, conditions, RuleConditions.HostHeader, settings.AllowHosts)
                    .Select(c => Spec(c, actions, transforms, ruleArn, $"bypass copy of {label} for hosts {Patterns(c, RuleConditions.HostHeader)}")));
            }

            // Checked only now: a rule no allowed request can match needs no copy, so its OIDC secret
            // (which DescribeRules never returns and CreateRule requires) does not matter.
            if (specs.Count > 0 && actions.Any(a => a.Type == "authenticate-oidc"))
            {
                throw Impossible($"{label} authenticates with OIDC and allowed requests can match it; ALB never returns its client secret, so no copy of it can be created for the bypass. Enable without -AllowSourceIp/-AllowHeader/-AllowPath/-AllowHost, narrow -AllowSourceIp to addresses the rule's own source-ip condition excludes, or move the OIDC rule behind a rule the bypass does not need.");
            }

            return specs;
        }

        private static IEnumerable<RuleSpec> ForSourceIps(string label, string? ruleArn, IReadOnlyList<RuleCondition> conditions,
            IReadOnlyList<Action> actions, List<RuleTransform>? transforms, IReadOnlyList<CidrBlock> allowed)
        {
            // ALB takes one source-ip condition per rule: intersect the allow-list with the rule's own.
            var own = conditions.FirstOrDefault(c => c.Field == RuleConditions.SourceIp);
            IReadOnlyList<CidrBlock> cidrs = allowed;
            if (own != null)
            {
                var ownBlocks = RuleConditions.SourceIpValues(own).Select(CidrBlock.Parse).ToList();
                cidrs = CidrBlock.Intersect(ownBlocks, allowed);
                if (cidrs.Count == 0)
                {
                    // No allowed source can match this rule; allowed requests fall through to later
                    // bypass rules exactly as they would fall through the original rules.
                    yield break;
                }
            }

            var others = Clone(conditions.Where(c => c.Field != RuleConditions.SourceIp));
            var room = Math.Min(RuleLimits.MaxMatchValuesPerCondition, RuleLimits.MaxMatchValuesPerRule - RuleLimits.MatchValues(others));
            if (room <= 0)
            {
                throw Impossible($"{label} already uses {RuleLimits.MatchValues(others)} of ALB's {RuleLimits.MaxMatchValuesPerRule} condition values per rule, so a copy that also checks the source IP cannot be made. Enable without -AllowSourceIp, or use -AllowHeader.");
            }

            // Several copies, each with a slice of the CIDRs, route the union exactly as one would.
            for (var start = 0; start < cidrs.Count; start += room)
            {
                var slice = cidrs.Skip(start).Take(room).Select(c => c.ToString()).ToList();
                var withSource = Clone(others);
                withSource.Add(RuleConditions.SourceIpCondition(slice));
                CheckRoom(label, withSource);
                yield return Spec(withSource, actions, transforms, ruleArn, $"bypass copy of {label} for {string.Join(", ", slice)}");
            }
        }

        private static void CheckRoom(string label, List<RuleCondition> conditions)
        {
            var values = RuleLimits.MatchValues(conditions);
            if (values > RuleLimits.MaxMatchValuesPerRule)
            {
                throw Impossible($"a bypass copy of {label} would need {values} condition values; ALB allows {RuleLimits.MaxMatchValuesPerRule} per rule. Simplify that rule or enable without a bypass.");
            }

            var wildcards = RuleLimits.Wildcards(conditions);
            if (wildcards > RuleLimits.MaxWildcardsPerRule)
            {
                throw Impossible($"a bypass copy of {label} would need {wildcards} wildcards; ALB allows {RuleLimits.MaxWildcardsPerRule} per rule. Use a header value without '*' or '?'.");
            }
        }

        private static RuleSpec Spec(List<RuleCondition> conditions, IReadOnlyList<Action> actions, List<RuleTransform>? transforms, string? ruleArn, string summary) => new RuleSpec
        {
            Conditions = conditions,
            Actions = actions.Select(ModelCopy.Of).ToList(),
            Transforms = transforms?.Select(ModelCopy.Of).ToList(),
            Tags = ModuleTags.ForRule(ModuleTags.BypassRole),
            Summary = summary,
            CopiesRuleArn = ruleArn,
        };

        private static List<RuleCondition> Clone(IEnumerable<RuleCondition> conditions) => conditions.Select(ModelCopy.Of).ToList();

        private static string Patterns(List<RuleCondition> conditions, string field) =>
            string.Join(", ", PatternIntersection.PlainValues(conditions.Last(c => c.Field == field)));

        internal static MaintenanceModeException Impossible(string why) =>
            new MaintenanceModeException(ErrorIds.BypassNotPossible, "Exact bypass routing is not possible, so nothing was changed: " + why);

        internal static string ShortArn(string? arn)
        {
            if (string.IsNullOrEmpty(arn))
            {
                return "?";
            }

            var slash = arn!.LastIndexOf('/');
            return slash < 0 ? arn : arn.Substring(slash + 1);
        }
    }
}
