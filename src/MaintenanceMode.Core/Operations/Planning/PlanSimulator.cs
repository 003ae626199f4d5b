using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>
    /// The listener as it would be after a plan, computed in memory without a call: what -WhatIf
    /// routes sample requests through. Steps it does not know (the restore's own) leave the state as is.
    /// </summary>
    public static class PlanSimulator
    {
        public static ListenerState Apply(ListenerState state, MaintenancePlan plan)
        {
            var rules = state.Rules.Select(r => r.Clone()).ToList();
            var tags = state.RuleTags.ToDictionary(t => t.Key, t => t.Value.ToList());
            var listenerTags = state.ListenerTags.ToList();
            var created = 0;
            foreach (var step in plan.Steps)
            {
                switch (step)
                {
                    case CreateRuleStep create:
                        var arn = $"{state.ListenerArn.Replace(":listener/", ":listener-rule/")}/planned-{++created}";
                        rules.Add(new Rule
                        {
                            RuleArn = arn,
                            Priority = RulePriority.Format(create.Rule.Priority),
                            Conditions = create.Rule.Conditions,
                            Actions = create.Rule.Actions,
                            Transforms = create.Rule.Transforms,
                        });
                        tags[arn] = create.Rule.Tags.ToList();
                        break;
                    case DeleteRuleStep delete:
                        rules.RemoveAll(r => r.RuleArn == delete.Rule.RuleArn);
                        break;
                    case ModifyRuleStep modify:
                        var rule = rules.FirstOrDefault(r => r.RuleArn == modify.Current.RuleArn);
                        if (rule != null)
                        {
                            rule.Conditions = modify.Conditions ?? rule.Conditions;
                            rule.Actions = modify.Actions ?? rule.Actions;
                            rule.Transforms = modify.ResetTransforms ? null : modify.Transforms ?? rule.Transforms;
                        }

                        break;
                    case SetRulePrioritiesStep moves:
                        foreach (var move in moves.Moves)
                        {
                            var moved = rules.FirstOrDefault(r => r.RuleArn == move.RuleArn);
                            if (moved != null)
                            {
                                moved.Priority = RulePriority.Format(move.Priority);
                            }
                        }

                        break;
                    case TagResourceStep tagging:
                        var tagged = tagging.ResourceArn == state.ListenerArn ? listenerTags
                            : tags.TryGetValue(tagging.ResourceArn, out var ruleTags) ? ruleTags : null;
                        if (tagged != null)
                        {
                            tagged.RemoveAll(t => tagging.Remove.Contains(t.Key!) || tagging.Add.Any(a => a.Key == t.Key));
                            tagged.AddRange(tagging.Add);
                        }

                        break;
                }
            }

            return new ListenerState(state.LoadBalancer, state.Listener, rules.OrderBy(ListenerState.PriorityOf).ToList(), tags, listenerTags, state.RulesOnLoadBalancer);
        }
    }
}
