using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Maintenance.Planning
{
    /// <summary>Changes the actions of the module's page rule in place (a new page or status code).</summary>
    public sealed class ModifyRuleStep : PlanStep
    {
        public ModifyRuleStep(Rule current, RuleSpec desired)
        {
            Current = current;
            Desired = desired;
        }

        public Rule Current { get; }

        public RuleSpec Desired { get; }

        public override string Operation => "ModifyRule";

        public override string Describe() => $"priority {Current.Priority}: {Desired.Summary}";

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            await context.Elb.ModifyRuleAsync(new ModifyRuleRequest { RuleArn = Current.RuleArn, Conditions = Desired.Conditions, Actions = Desired.Actions }, cancellationToken).ConfigureAwait(false);
            var back = new RuleSpec
            {
                Conditions = Current.Conditions ?? new List<RuleCondition>(),
                Actions = Current.Actions ?? new List<Aws.Elbv2.Action>(),
                Summary = "undo: the page as it was",
            };
            return (new ModifyRuleStep(new Rule { RuleArn = Current.RuleArn, Priority = Current.Priority, Conditions = Desired.Conditions, Actions = Desired.Actions }, back), null);
        }
    }
}
