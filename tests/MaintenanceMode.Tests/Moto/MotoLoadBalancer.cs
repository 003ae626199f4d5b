namespace MaintenanceMode.Tests.Moto
{
    /// <summary>What <see cref="MotoLoadBalancerBuilder"/> created: an ALB with an HTTP:80 listener and a few rules.</summary>
    public sealed class MotoLoadBalancer
    {
        public string VpcId { get; init; } = "";
        public IReadOnlyList<string> SubnetIds { get; init; } = new List<string>();
        public string TargetGroupArn { get; init; } = "";
        public string LoadBalancerName { get; init; } = "";
        public string LoadBalancerArn { get; init; } = "";
        public string ListenerArn { get; init; } = "";

        /// <summary>The non-default rules, in creation order; rule i has priority i + 1.</summary>
        public IReadOnlyList<string> RuleArns { get; init; } = new List<string>();
    }
}
