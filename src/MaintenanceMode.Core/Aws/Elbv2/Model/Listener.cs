using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A load balancer listener (shape Listener).</summary>
    public sealed class Listener
    {
        public string? ListenerArn { get; set; }

        public string? LoadBalancerArn { get; set; }

        public int? Port { get; set; }

        public string? Protocol { get; set; }

        public List<Certificate>? Certificates { get; set; }

        public string? SslPolicy { get; set; }

        public List<Action>? DefaultActions { get; set; }

        public List<string>? AlpnPolicy { get; set; }

        public MutualAuthenticationAttributes? MutualAuthentication { get; set; }

        /// <summary>A deep copy, so a plan can change it while the snapshot stays as read.</summary>
        public Listener Clone() => ModelJson.Clone(this);
    }
}
