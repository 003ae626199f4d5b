using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// The ELBv2 operations this module uses, typed. Describe calls follow every page; list results keep the
    /// service's order (DescribeRules does not promise one: sort by priority where order matters).
    /// Service errors surface as the transport's <c>Elbv2Exception</c>.
    /// </summary>
    public interface IElbv2Client
    {
        /// <summary>Load balancers by name or ARN; every load balancer of the account and region when both are null.</summary>
        Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(
            IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default);

        /// <summary>Listeners of a load balancer, or the listeners named by ARN (at least one of the two).</summary>
        Task<IReadOnlyList<Listener>> DescribeListenersAsync(
            string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default);

        /// <summary>Every rule of a listener (default rule included), or the rules named by ARN: exactly one of the two.</summary>
        Task<IReadOnlyList<Rule>> DescribeRulesAsync(
            string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Creates a rule and returns it as the service stored it. Legacy condition <c>Values</c> that repeat a
        /// typed config are left out. Fails before the call when an authenticate-oidc action has no ClientSecret.
        /// </summary>
        Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>
        /// Replaces the lists given (null lists stay as they are) and returns the rule. An authenticate-oidc
        /// action without ClientSecret is sent with <c>UseExistingClientSecret=true</c>, so the stored secret stays.
        /// </summary>
        Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default);

        Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default);

        /// <summary>Sets the priorities in one call and returns the rules named, as the service returned them.</summary>
        Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default);

        /// <summary>Replaces the listener's default actions (as ModifyRule does for OIDC secrets) and returns the listener.</summary>
        Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default);

        /// <summary>Tags per ARN, asking at most 20 ARNs per call. ARNs the service did not describe are absent.</summary>
        Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default);

        /// <summary>The account's quotas in this region (rules per load balancer among them), every page.</summary>
        Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default);

        /// <summary>Adds or overwrites tags on every resource, at most 20 ARNs per call.</summary>
        Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default);

        /// <summary>Removes tag keys from every resource, at most 20 ARNs per call.</summary>
        Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default);
    }
}
