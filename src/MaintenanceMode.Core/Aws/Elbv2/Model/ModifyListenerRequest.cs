using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Input of ModifyListener, limited to what this module changes: the default actions.</summary>
    public sealed class ModifyListenerRequest
    {
        public string? ListenerArn { get; set; }

        public List<Action>? DefaultActions { get; set; }
    }
}
