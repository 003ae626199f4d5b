using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Says each ELBv2 read before making it (for -Verbose), then hands it on. Changes are narrated by
    /// the plan runner, step by step and in words; rule contents never are, as they may hold secrets.
    /// </summary>
    public sealed class NarratingElbv2Client : IElbv2Client
    {
        private readonly IElbv2Client _inner;
        private readonly Action<string> _say;

        public NarratingElbv2Client(IElbv2Client inner, Action<string> say)
        {
            _inner = inner;
            _say = say;
        }

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default)
        {
            _say("DescribeLoadBalancers " + Join(names ?? loadBalancerArns));
            return _inner.DescribeLoadBalancersAsync(names, loadBalancerArns, cancellationToken);
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default)
        {
            _say("DescribeListeners " + (loadBalancerArn ?? Join(listenerArns)));
            return _inner.DescribeListenersAsync(loadBalancerArn, listenerArns, cancellationToken);
        }

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default)
        {
            _say("DescribeRules " + (listenerArn ?? Join(ruleArns)));
            return _inner.DescribeRulesAsync(listenerArn, ruleArns, cancellationToken);
        }

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default)
        {
            return _inner.CreateRuleAsync(request, cancellationToken);
        }

        public Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default)
        {
            return _inner.ModifyRuleAsync(request, cancellationToken);
        }

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default)
        {
            return _inner.DeleteRuleAsync(ruleArn, cancellationToken);
        }

        public Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default)
        {
            var list = priorities.ToList();
            return _inner.SetRulePrioritiesAsync(list, cancellationToken);
        }

        public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default)
        {
            return _inner.ModifyListenerAsync(request, cancellationToken);
        }

        public Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
        {
            var list = resourceArns.ToList();
            _say($"DescribeTags ({list.Count} resources)");
            return _inner.DescribeTagsAsync(list, cancellationToken);
        }

        public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default)
        {
            _say("DescribeAccountLimits");
            return _inner.DescribeAccountLimitsAsync(cancellationToken);
        }

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default)
        {
            var list = resourceArns.ToList();
            return _inner.AddTagsAsync(list, tags, cancellationToken);
        }

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default)
        {
            var list = resourceArns.ToList();
            return _inner.RemoveTagsAsync(list, tagKeys, cancellationToken);
        }

        private static string Join(IEnumerable<string>? values) => values == null ? "(all)" : string.Join(", ", values);
    }
}
