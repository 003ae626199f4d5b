using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A listener rule as DescribeRules returns it (shape Rule).</summary>
    public sealed class Rule
    {
        public string? RuleArn { get; set; }

        /// <summary>A number as text, or <c>default</c> for the listener's default rule.</summary>
        public string? Priority { get; set; }

        public List<RuleCondition>? Conditions { get; set; }

        public List<Action>? Actions { get; set; }

        public bool IsDefault { get; set; }

        /// <summary>Host header and URL rewrites; carried so a read-then-write keeps them.</summary>
        public List<RuleTransform>? Transforms { get; set; }

        /// <summary>A deep copy, so a plan can change it while the snapshot stays as read.</summary>
        public Rule Clone() => ModelJson.Clone(this);
    }
}
