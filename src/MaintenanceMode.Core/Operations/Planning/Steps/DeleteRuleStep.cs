using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>Deletes one of the module's own rules. The planner never deletes a user's rule.</summary>
    public sealed class DeleteRuleStep : PlanStep
    {
        public DeleteRuleStep(Rule rule, string summary)
        {
            Rule = rule;
            Summary = summary;
        }

        /// <summary>The rule as it is now, so an undo can create it again.</summary>
        public Rule Rule { get; }

        public string Summary { get; }

        /// <summary>The rule's tags, so an undo creates it again as the module's own.</summary>
        public IReadOnlyList<Tag> Tags { get; set; } = new List<Tag>();

        /// <summary>Set when known; otherwise derived from the rule ARN.</summary>
        public string? ListenerArn { get; set; }

        public override string Operation => "DeleteRule";

        public override string Describe() => $"priority {Rule.Priority}: {Summary}";

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            try
            {
                await context.Elb.DeleteRuleAsync(Rule.RuleArn!, cancellationToken).ConfigureAwait(false);
            }
            catch (Elbv2Exception gone) when (gone.ErrorCode == Elbv2ErrorCodes.RuleNotFound)
            {
                // What was wanted is so: a retry after a lost reply, or someone deleted it first.
                context.Reporter.Verbose($"rule {Rule.RuleArn} is already gone");
            }

            var again = new RuleSpec
            {
                Priority = RulePriority.Parse(Rule.Priority),
                Conditions = Rule.Conditions ?? new List<RuleCondition>(),
                Actions = Rule.Actions ?? new List<Aws.Elbv2.Action>(),
                Transforms = Rule.Transforms,
                Tags = Tags.ToList(),
                Summary = "undo: " + Summary,
            };
            return (new CreateRuleStep(ListenerArn ?? ListenerOf(Rule.RuleArn!), again), null);
        }

        /// <summary>A rule ARN names its listener: arn:...:listener-rule/app/lb/id/listener-id/rule-id.</summary>
        private static string ListenerOf(string ruleArn)
        {
            var slash = ruleArn.LastIndexOf('/');
            return ruleArn.Substring(0, slash).Replace(":listener-rule/", ":listener/");
        }
    }
}
