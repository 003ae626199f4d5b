using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A zone and subnet a load balancer lives in.</summary>
    public sealed class AvailabilityZone
    {
        public string? ZoneName { get; set; }

        public string? SubnetId { get; set; }

        public string? OutpostId { get; set; }

        public List<LoadBalancerAddress>? LoadBalancerAddresses { get; set; }

        public List<string>? SourceNatIpv6Prefixes { get; set; }
    }
}
