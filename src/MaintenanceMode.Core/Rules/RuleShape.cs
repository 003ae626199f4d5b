using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Errors;
using MaintenanceMode.Listeners;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Rules
{
    /// <summary>
    /// Rules AWS would never hold, refused before any change. An emulator accepts them (moto stores a
    /// rule with no actions), and the module would only find out when a bypass copy of one fails
    /// halfway through Enable. AWS: every rule ends in exactly one forward, redirect or fixed-response.
    /// </summary>
    public static class RuleShape
    {
        private static readonly string[] Terminal = { "forward", "redirect", "fixed-response" };

        /// <summary>Why AWS would refuse these actions, or null when it would hold them.</summary>
        public static string? Problem(IReadOnlyList<Action>? actions)
        {
            if (actions == null || actions.Count == 0)
            {
                return "it has no actions";
            }

            var terminal = actions.Count(a => Terminal.Contains(a.Type));
            if (terminal != 1)
            {
                return terminal == 0
                    ? "none of its actions is a forward, redirect or fixed-response"
                    : $"it has {terminal} forward, redirect or fixed-response actions";
            }

            return null;
        }

        /// <exception cref="MaintenanceModeException">InvalidListenerRule, naming the first such rule.</exception>
        public static void Check(ListenerState state)
        {
            foreach (var rule in state.Rules)
            {
                var problem = Problem(rule.Actions ?? (rule.IsDefault == true ? state.Listener.DefaultActions : null));
                if (problem != null)
                {
                    var which = rule.IsDefault == true ? "The listener's default rule" : $"Rule {rule.Priority} ({rule.RuleArn})";
                    throw new MaintenanceModeException(ErrorIds.InvalidListenerRule,
                        $"{which} is not a rule AWS would hold: {problem}; every rule ends in exactly one forward, redirect or fixed-response action. Fix or delete the rule (an emulator or a hand-made state may have let it in), then retry. Nothing was changed.");
                }
            }
        }
    }
}
