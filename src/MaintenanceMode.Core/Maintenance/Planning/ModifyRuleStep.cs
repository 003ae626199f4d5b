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
    }
}
