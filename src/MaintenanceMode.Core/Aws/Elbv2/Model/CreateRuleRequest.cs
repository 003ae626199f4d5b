using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Input of CreateRule. Members are declared in botocore's order, which is the order fields go on the wire.</summary>
    public sealed class CreateRuleRequest
    {
        public string? ListenerArn { get; set; }

        public List<RuleCondition>? Conditions { get; set; }

        /// <summary>1 to 50000.</summary>
        public int Priority { get; set; }

        public List<Action>? Actions { get; set; }

        public List<Tag>? Tags { get; set; }

        public List<RuleTransform>? Transforms { get; set; }
    }
}
