namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>The state of a load balancer.</summary>
    public sealed class LoadBalancerState
    {
        /// <summary><c>active</c>, <c>provisioning</c>, <c>active_impaired</c> or <c>failed</c>.</summary>
        public string? Code { get; set; }

        public string? Reason { get; set; }
    }
}
