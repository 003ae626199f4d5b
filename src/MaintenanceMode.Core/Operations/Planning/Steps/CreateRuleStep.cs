using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>Creates one of the module's own rules (a bypass copy or the page).</summary>
    public sealed class CreateRuleStep : PlanStep
    {
        public CreateRuleStep(string listenerArn, RuleSpec rule)
        {
            ListenerArn = listenerArn;
            Rule = rule;
        }

        public string ListenerArn { get; }

        public RuleSpec Rule { get; }

        public override string Operation => "CreateRule";

        public override string Describe() => $"priority {Rule.Priority}: {Rule.Summary}";

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            Rule rule;
            try
            {
                rule = await context.Elb.CreateRuleAsync(Rule.ToRequest(ListenerArn), cancellationToken).ConfigureAwait(false);
            }
            catch (Elbv2Exception taken) when (taken.ErrorCode == Elbv2ErrorCodes.PriorityInUse)
            {
                // A retry after a lost reply finds the slot taken by the very rule it created.
                rule = await OwnRuleAtAsync(context, cancellationToken).ConfigureAwait(false) ?? throw taken;
                context.Reporter.Verbose($"priority {Rule.Priority} already holds this rule (a retried call whose reply was lost); taking it as created");
            }

            rule.Priority ??= RulePriority.Format(Rule.Priority);
            return (new DeleteRuleStep(rule, "undo: " + Rule.Summary) { Tags = Rule.Tags }, rule);
        }

        /// <summary>
        /// The module's rule at this step's priority, when it is the one this step meant to create: the same
        /// conditions and actions once AWS's filled-in defaults are set aside, and the same role tag.
        /// PriorityInUse proves a rule holds the slot, so a read that shows none there, another rule there (the
        /// one an earlier move of this run took away), or the rule without tags, may not have caught up with
        /// the writes yet: it is made again, within bounds, before the slot is taken for someone else's.
        /// </summary>
        private async Task<Rule?> OwnRuleAtAsync(StepContext context, CancellationToken ct)
        {
            var role = ModuleTags.Find(Rule.Tags, ModuleTags.Role);
            var (rule, verdict) = await context.Reads.UntilAsync(async () =>
            {
                var rules = await context.Elb.DescribeRulesAsync(listenerArn: ListenerArn, cancellationToken: ct).ConfigureAwait(false);
                var there = rules.FirstOrDefault(r => !r.IsDefault && RulePriority.Parse(r.Priority) == Rule.Priority);
                if (there == null)
                {
                    return ((Rule?)null, (bool?)null);
                }

                if (!AwsRuleDefaults.SameConditions(there.Conditions, Rule.Conditions) || !AwsRuleDefaults.SameActions(there.Actions, Rule.Actions))
                {
                    // Someone else's rule, or a read from before this run's own moves (the rule that sat there then).
                    return (null, null);
                }

                var tags = await context.Elb.DescribeTagsAsync(new[] { there.RuleArn! }, ct).ConfigureAwait(false);
                var found = tags.TryGetValue(there.RuleArn!, out var t) ? ModuleTags.Find(t, ModuleTags.Role) : null;
                return found == null ? (there, (bool?)null) : (there, found == role);
            }, read => read.Item2 != null, ct).ConfigureAwait(false);
            return verdict == true ? rule : null;
        }
    }
}
