using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Tests.Fakes;
using MaintenanceMode.Tests.Planning;
using Xunit;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Tests.RoundTrips
{
    /// <summary>A listener named by ARN is found in one round trip: its load balancer is asked for beside it.</summary>
    public sealed class ListenerArnResolutionTests
    {
        [Fact]
        public void The_load_balancer_ARN_is_read_from_the_listener_ARN()
        {
            Assert.Equal("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188",
                TargetResolver.LoadBalancerArnOf("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"));
        }

        [Fact]
        public async Task The_load_balancer_is_asked_for_before_the_listener_answers()
        {
            var h = new PlanningHarness();
            var (elb, lb, listener) = (h.Elb, h.LoadBalancer, h.Listener);

            var results = await new TargetResolver(elb).ResolveAsync(new TargetSelection { ListenerArns = new[] { listener.ListenerArn! } }, CancellationToken.None);

            var target = Assert.Single(results).Target;
            Assert.NotNull(target);
            Assert.Equal(lb.LoadBalancerArn, target!.LoadBalancer.LoadBalancerArn);
            Assert.Equal(new[] { "DescribeLoadBalancers", "DescribeListeners" }, elb.Calls.Select(c => c.Name).ToArray());
        }

        [Fact]
        public async Task An_unknown_listener_is_still_reported_as_not_found()
        {
            var h = new PlanningHarness();
            var (elb, lb) = (h.Elb, h.LoadBalancer);
            var missing = lb.LoadBalancerArn!.Replace(":loadbalancer/", ":listener/") + "/0123456789abcdef";

            var results = await new TargetResolver(elb).ResolveAsync(new TargetSelection { ListenerArns = new[] { missing } }, CancellationToken.None);

            Assert.Equal("ListenerNotFound", Assert.Single(results).Error!.ErrorId);
        }
    }
}
