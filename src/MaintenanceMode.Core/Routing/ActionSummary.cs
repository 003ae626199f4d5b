using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// Actions as a person reads them: "fixed-response 503 text/html", "redirect 301 to https://#{host}:443/#{path}?#{query}",
    /// "forward to web-a (weight 80), web-b (weight 20)", joined with " -> " in the order ALB runs them.
    /// </summary>
    public static class ActionSummary
    {
        public static string Describe(IEnumerable<Action>? actions)
        {
            var ordered = InOrder(actions);
            return ordered.Count == 0 ? "(no action)" : string.Join(" -> ", ordered.Select(Describe));
        }

        public static string Describe(Action action)
        {
            switch (action.Type)
            {
                case "fixed-response":
                {
                    var config = action.FixedResponseConfig;
                    return $"fixed-response {config?.StatusCode} {config?.ContentType}".TrimEnd();
                }

                case "redirect":
                {
                    var config = action.RedirectConfig ?? new RedirectActionConfig();
                    var target = $"{(config.Protocol ?? "#{protocol}").ToLowerInvariant()}://{config.Host ?? "#{host}"}:{config.Port ?? "#{port}"}{config.Path ?? "/#{path}"}";
                    var query = config.Query ?? "#{query}";
                    return $"redirect {RedirectLocation.StatusOf(config)} to {target}{(query.Length == 0 ? string.Empty : "?" + query)}";
                }

                case "forward":
                    return "forward to " + string.Join(", ", TargetGroups(action).Select(t => t.Weight.HasValue && TargetGroups(action).Count > 1 ? $"{t.Name} (weight {t.Weight})" : t.Name));

                case "authenticate-oidc":
                    return $"authenticate-oidc ({action.AuthenticateOidcConfig?.Issuer})";

                default:
                    return action.Type ?? "(unknown action)";
            }
        }

        /// <summary>ALB runs actions by Order, lowest first; the last one answers the request.</summary>
        public static IReadOnlyList<Action> InOrder(IEnumerable<Action>? actions) =>
            (actions ?? Enumerable.Empty<Action>()).Select((a, i) => (a, i)).OrderBy(x => x.a.Order ?? int.MaxValue).ThenBy(x => x.i).Select(x => x.a).ToList();

        /// <summary>The target groups a forward action sends to, with their weights; names are taken from the ARNs.</summary>
        public static IReadOnlyList<(string Name, string Arn, int? Weight)> TargetGroups(Action action)
        {
            var tuples = action.ForwardConfig?.TargetGroups;
            if (tuples != null && tuples.Count > 0)
            {
                return tuples.Select(t => (NameOf(t.TargetGroupArn), t.TargetGroupArn ?? string.Empty, t.Weight)).ToList();
            }

            return action.TargetGroupArn == null
                ? Array.Empty<(string, string, int?)>()
                : new[] { (NameOf(action.TargetGroupArn), action.TargetGroupArn, (int?)null) };
        }

        /// <summary>"arn:...:targetgroup/web-a/0123abcd" → "web-a"; anything else as it is.</summary>
        public static string NameOf(string? targetGroupArn)
        {
            if (targetGroupArn == null)
            {
                return "(none)";
            }

            var marker = ":targetgroup/";
            var start = targetGroupArn.IndexOf(marker, StringComparison.Ordinal);
            if (start < 0)
            {
                return targetGroupArn;
            }

            var rest = targetGroupArn.Substring(start + marker.Length);
            var slash = rest.IndexOf('/');
            return slash < 0 ? rest : rest.Substring(0, slash);
        }
    }
}
