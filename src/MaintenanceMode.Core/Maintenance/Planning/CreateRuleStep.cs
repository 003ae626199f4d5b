namespace MaintenanceMode.Maintenance.Planning
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
    }
}
