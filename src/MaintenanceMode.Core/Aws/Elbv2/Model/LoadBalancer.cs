using System;
using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A load balancer (shape LoadBalancer).</summary>
    public sealed class LoadBalancer
    {
        public string? LoadBalancerArn { get; set; }

        public string? DNSName { get; set; }

        public string? CanonicalHostedZoneId { get; set; }

        /// <summary>UTC.</summary>
        public DateTime? CreatedTime { get; set; }

        public string? LoadBalancerName { get; set; }

        /// <summary><c>internet-facing</c> or <c>internal</c>.</summary>
        public string? Scheme { get; set; }

        public string? VpcId { get; set; }

        public LoadBalancerState? State { get; set; }

        /// <summary><c>application</c>, <c>network</c> or <c>gateway</c>.</summary>
        public string? Type { get; set; }

        public List<AvailabilityZone>? AvailabilityZones { get; set; }

        public List<string>? SecurityGroups { get; set; }

        public string? IpAddressType { get; set; }

        public string? CustomerOwnedIpv4Pool { get; set; }

        public string? EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic { get; set; }

        public string? EnablePrefixForIpv6SourceNat { get; set; }

        public IpamPools? IpamPools { get; set; }
    }
}
