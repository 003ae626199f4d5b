namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>An address of a load balancer in one zone.</summary>
    public sealed class LoadBalancerAddress
    {
        public string? IpAddress { get; set; }

        public string? AllocationId { get; set; }

        public string? PrivateIPv4Address { get; set; }

        public string? IPv6Address { get; set; }
    }
}
