using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Targets
{
    /// <summary>One HTTP or HTTPS listener of an Application Load Balancer that a command acts on.</summary>
    public sealed class ListenerTarget
    {
        public ListenerTarget(LoadBalancer loadBalancer, Listener listener)
        {
            LoadBalancer = loadBalancer;
            Listener = listener;
        }

        public LoadBalancer LoadBalancer { get; }

        public Listener Listener { get; }

        public string ListenerArn => Listener.ListenerArn!;

        public override string ToString() => $"{LoadBalancer.LoadBalancerName}:{Listener.Port} ({Listener.Protocol})";
    }
}
