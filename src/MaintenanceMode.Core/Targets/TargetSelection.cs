using System.Collections.Generic;

namespace MaintenanceMode.Targets
{
    /// <summary>What the operator named: listeners, or load balancers (meaning all their HTTP/HTTPS listeners).</summary>
    public sealed class TargetSelection
    {
        public IReadOnlyList<string> ListenerArns { get; set; } = new List<string>();

        public IReadOnlyList<string> LoadBalancerArns { get; set; } = new List<string>();

        public IReadOnlyList<string> LoadBalancerNames { get; set; } = new List<string>();

        /// <summary>Nothing named: every Application Load Balancer of the region (status only).</summary>
        public bool IsEmpty => ListenerArns.Count == 0 && LoadBalancerArns.Count == 0 && LoadBalancerNames.Count == 0;
    }
}
