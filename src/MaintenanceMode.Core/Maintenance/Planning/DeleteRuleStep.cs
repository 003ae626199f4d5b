using System.Collections.Generic;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Maintenance.Planning
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
    }
}
