namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A new priority for one rule, for SetRulePriorities.</summary>
    public sealed class RulePriorityPair
    {
        public string? RuleArn { get; set; }

        /// <summary>1 to 50000.</summary>
        public int Priority { get; set; }
    }
}
