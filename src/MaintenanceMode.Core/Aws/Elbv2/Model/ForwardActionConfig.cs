using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Weighted target groups and stickiness of a forward action.</summary>
    public sealed class ForwardActionConfig
    {
        public List<TargetGroupTuple>? TargetGroups { get; set; }

        public TargetGroupStickinessConfig? TargetGroupStickinessConfig { get; set; }
    }
}
