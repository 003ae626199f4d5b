using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// Other managers of a listener, known by the tags they put on it and its rules. The AWS Load Balancer
    /// Controller deletes or reorders, at its next reconcile, every rule it does not own (its issues #3311,
    /// #3763): the page and the bypass copies would vanish mid-maintenance, so such a listener is refused
    /// unless the operator says to go ahead. CloudFormation reverts the listener only when its stack is
    /// updated, so its tags earn a warning.
    /// </summary>
    public static class OtherOwners
    {
        /// <summary>Tags the AWS Load Balancer Controller puts on the load balancers, listeners and rules it manages.</summary>
        public static readonly IReadOnlyList<string> ControllerTagKeys = new[] { "elbv2.k8s.aws/cluster", "ingress.k8s.aws/stack", "service.k8s.aws/stack" };

        public const string CloudFormationTagPrefix = "aws:cloudformation:";

        /// <summary>Refuses, before any change, a listener the controller manages, unless <paramref name="ignoreController"/>.</summary>
        public static void RefuseControllerManaged(ListenerState state, bool ignoreController)
        {
            if (ignoreController)
            {
                return;
            }

            var owned = Tagged(state, key => ControllerTagKeys.Contains(key, StringComparer.Ordinal)).ToList();
            if (owned.Count == 0)
            {
                return;
            }

            throw new MaintenanceModeException(ErrorIds.ListenerManagedByController,
                $"Listener {state.ListenerArn} is managed by the AWS Load Balancer Controller ({Describe(owned)}). At its next reconcile the controller deletes or reorders the rules it does not own, "
                + "so the maintenance page and the bypass rules would silently disappear. Nothing was changed. Put the application into maintenance through Kubernetes instead "
                + "(an Ingress or Service whose action is a fixed response), or stop the controller from reconciling this load balancer for the window "
                + "and rerun with -IgnoreLoadBalancerController.") { Target = state.ListenerArn };
        }

        /// <summary>The warnings to give about other owners that do not make the run unsafe by themselves.</summary>
        public static IReadOnlyList<string> Warnings(ListenerState state)
        {
            var stacks = Tagged(state, key => key.StartsWith(CloudFormationTagPrefix, StringComparison.Ordinal)).ToList();
            if (stacks.Count == 0)
            {
                return Array.Empty<string>();
            }

            return new[]
            {
                $"Listener {state.ListenerArn} belongs in part to CloudFormation ({Describe(stacks)}). A stack update while maintenance is on puts the stack's rules back as its template says "
                + "and may remove the maintenance page or the bypass rules: hold stack updates until Disable-Maintenance has run.",
            };
        }

        /// <summary>(what, key, value) for the listener and each rule carrying a tag <paramref name="matches"/> accepts.</summary>
        private static IEnumerable<(string What, Tag Tag)> Tagged(ListenerState state, Func<string, bool> matches)
        {
            foreach (var tag in state.ListenerTags.Where(t => t.Key != null && matches(t.Key)))
            {
                yield return ("the listener", tag);
            }

            foreach (var rule in state.Rules.Where(r => !r.IsDefault).OrderBy(ListenerState.PriorityOf))
            {
                foreach (var tag in state.TagsOf(rule).Where(t => t.Key != null && matches(t.Key)))
                {
                    yield return ($"rule {rule.Priority} ({rule.RuleArn})", tag);
                }
            }
        }

        private static string Describe(IReadOnlyList<(string What, Tag Tag)> found)
        {
            var shown = found.Take(3).Select(f => $"{f.What} is tagged {f.Tag.Key}={f.Tag.Value}");
            var more = found.Count > 3 ? $", and {found.Count - 3} more" : string.Empty;
            return string.Join("; ", shown) + more;
        }
    }
}
