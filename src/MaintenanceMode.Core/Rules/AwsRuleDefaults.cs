using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Snapshots;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Rules
{
    /// <summary>
    /// A rule as written and the same rule as AWS returns it differ: AWS numbers every action (Order 1..n
    /// when none was sent), answers a bare TargetGroupArn forward also as a ForwardConfig (that group,
    /// weight 1, stickiness off), mirrors host-header and path-pattern values into the legacy Values, and
    /// never returns an OIDC ClientSecret. Comparing the two literally takes the module's own rule for
    /// someone else's (a re-Enable then rewrites it). These copies fill in AWS's defaults on both sides,
    /// so that two rules compare equal exactly when ALB treats them the same.
    /// </summary>
    public static class AwsRuleDefaults
    {
        public static bool SameActions(IEnumerable<Action>? a, IEnumerable<Action>? b) =>
            ModelCopy.Same(Actions(a), Actions(b));

        public static bool SameConditions(IEnumerable<RuleCondition>? a, IEnumerable<RuleCondition>? b) =>
            ModelCopy.Same(Conditions(a), Conditions(b));

        /// <summary>Copies in evaluation order, each with its Order, forwards as a ForwardConfig, no secrets.</summary>
        public static List<Action> Actions(IEnumerable<Action>? actions)
        {
            var copy = SnapshotSecrets.WithoutSecrets(actions);
            for (var i = 0; i < copy.Count; i++)
            {
                copy[i].Order ??= i + 1;
                if (copy[i].Type == "forward")
                {
                    NormalizeForward(copy[i]);
                }
            }

            return copy.OrderBy(a => a.Order).ToList();
        }

        /// <summary>Copies with host-header and path-pattern values in their typed config only.</summary>
        public static List<RuleCondition> Conditions(IEnumerable<RuleCondition>? conditions)
        {
            var copy = RuleConditions.WithoutMirroredValues(conditions);
            foreach (var condition in copy.Where(c => c.Values != null && c.Values.Count > 0))
            {
                if (condition.Field == RuleConditions.HostHeader && condition.HostHeaderConfig == null)
                {
                    condition.HostHeaderConfig = new HostHeaderConditionConfig { Values = condition.Values };
                    condition.Values = null;
                }
                else if (condition.Field == RuleConditions.PathPattern && condition.PathPatternConfig == null)
                {
                    condition.PathPatternConfig = new PathPatternConditionConfig { Values = condition.Values };
                    condition.Values = null;
                }
            }

            return copy;
        }

        private static void NormalizeForward(Action action)
        {
            if (action.ForwardConfig == null && action.TargetGroupArn != null)
            {
                action.ForwardConfig = new ForwardActionConfig
                {
                    TargetGroups = new List<TargetGroupTuple> { new TargetGroupTuple { TargetGroupArn = action.TargetGroupArn } },
                };
            }

            var forward = action.ForwardConfig;
            if (forward == null)
            {
                return;
            }

            foreach (var group in forward.TargetGroups ?? new List<TargetGroupTuple>())
            {
                group.Weight ??= 1;
            }

            forward.TargetGroupStickinessConfig ??= new TargetGroupStickinessConfig { Enabled = false };
            forward.TargetGroupStickinessConfig.Enabled ??= false;
            if (forward.TargetGroupStickinessConfig.Enabled == false)
            {
                forward.TargetGroupStickinessConfig.DurationSeconds = null;
            }

            // The single group of the ForwardConfig says all that TargetGroupArn does.
            if (forward.TargetGroups != null && forward.TargetGroups.Count == 1 && action.TargetGroupArn == forward.TargetGroups[0].TargetGroupArn)
            {
                action.TargetGroupArn = null;
            }
        }
    }
}
