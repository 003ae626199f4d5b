using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Completion
{
    /// <summary>Answers DescribeLoadBalancers and DescribeListeners from lists; counts the calls; can hold or fail the listing.</summary>
    internal sealed class FakeListingClient : IElbv2Client
    {
        public List<LoadBalancer> LoadBalancers { get; } = new List<LoadBalancer>();

        public List<Listener> Listeners { get; } = new List<Listener>();

        public int DescribeLoadBalancersCalls { get; private set; }

        /// <summary>When set, DescribeLoadBalancers waits for it (a slow account).</summary>
        public TaskCompletionSource<bool>? Gate { get; set; }

        /// <summary>When set, DescribeLoadBalancers throws it (no permission, no network).</summary>
        public Exception? Failure { get; set; }

        public FakeListingClient WithLoadBalancer(string name, string type = "application", params (int Port, string Protocol)[] listeners)
        {
            var kind = type == "application" ? "app" : type == "network" ? "net" : "gwy";
            var arn = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/{kind}/{name}/{LoadBalancers.Count + 1:x16}";
            LoadBalancers.Add(new LoadBalancer { LoadBalancerName = name, LoadBalancerArn = arn, Type = type, Scheme = "internet-facing", DNSName = $"{name}.example" });
            foreach (var (port, protocol) in listeners)
            {
                Listeners.Add(new Listener
                {
                    LoadBalancerArn = arn,
                    ListenerArn = arn.Replace(":loadbalancer/", ":listener/") + $"/{port:x16}",
                    Port = port,
                    Protocol = protocol,
                });
            }

            return this;
        }

        public async Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default)
        {
            DescribeLoadBalancersCalls++;
            if (Gate != null)
            {
                await Gate.Task.ConfigureAwait(false);
            }

            if (Failure != null)
            {
                throw Failure;
            }

            return LoadBalancers.ToList();
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Listener>>(Listeners.Where(l => l.LoadBalancerArn == loadBalancerArn).ToList());

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
