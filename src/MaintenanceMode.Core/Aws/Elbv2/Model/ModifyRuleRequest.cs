using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Input of ModifyRule: a null list leaves that part of the rule unchanged. Members are in botocore's order.</summary>
    public sealed class ModifyRuleRequest
    {
        public string? RuleArn { get; set; }

        public List<RuleCondition>? Conditions { get; set; }

        public List<Action>? Actions { get; set; }

        public List<RuleTransform>? Transforms { get; set; }

        /// <summary>True removes every transform; AWS rejects it together with Transforms.</summary>
        public bool? ResetTransforms { get; set; }
    }
}
