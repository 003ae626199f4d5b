namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>IPAM pools a load balancer takes addresses from.</summary>
    public sealed class IpamPools
    {
        public string? Ipv4IpamPoolId { get; set; }
    }
}
