using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Operations;
using MaintenanceMode.Rules;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Listeners
{
    /// <summary>Reads everything the planner needs about one listener, in as few calls as paging allows.</summary>
    public sealed class ListenerStateReader
    {
        private readonly IElbv2Client _elb;
        private readonly ReadAfterWrite _reads;
        private readonly RuleQuotaReader? _quota;

        /// <param name="quota">Where Enable's reads get the account's rule quota; without it they carry none.</param>
        public ListenerStateReader(IElbv2Client elb, ReadAfterWrite? reads = null, RuleQuotaReader? quota = null)
        {
            _elb = elb;
            _reads = reads ?? ReadAfterWrite.Default;
            _quota = quota;
        }

        /// <param name="countLoadBalancerRules">Also count the rules of the load balancer's other
        /// listeners and read the account's rule quota, for the quota check Enable makes; status and
        /// Disable don't need them.</param>
        public Task<ListenerState> ReadAsync(ListenerTarget target, bool countLoadBalancerRules, CancellationToken ct) =>
            Start(target.ListenerArn, target.LoadBalancer.LoadBalancerArn!, countLoadBalancerRules, ct).StateForAsync(target);

        /// <summary>
        /// Starts the reads of <see cref="ReadAsync"/> from the two ARNs alone, so they can go beside the calls
        /// that resolve the listener. The other listeners' rules and the quota need nothing of this listener's
        /// rules: they go alongside too, one round trip less.
        /// </summary>
        public PendingListenerRead Start(string listenerArn, string loadBalancerArn, bool countLoadBalancerRules, CancellationToken ct)
        {
            // A rule deleted by someone else between DescribeRules and DescribeTags fails the whole
            // DescribeTags batch with RuleNotFound: the listener is read afresh, not the run failed.
            var rulesAndTags = _reads.RetryingAsync(() => ReadRulesAndTagsAsync(listenerArn, ct),
                ex => ex is Elbv2Exception e && e.ErrorCode == Elbv2ErrorCodes.RuleNotFound, ct);
            var others = countLoadBalancerRules ? CountOtherRulesAsync(listenerArn, loadBalancerArn, ct) : Task.FromResult(0);
            var quota = countLoadBalancerRules ? ReadQuotaAsync(ct) : Task.FromResult<RuleQuota?>(null);
            return new PendingListenerRead(listenerArn, loadBalancerArn, rulesAndTags, others, quota);
        }

        private async Task<(List<Rule> Rules, IReadOnlyDictionary<string, IReadOnlyList<Tag>> Tags)> ReadRulesAndTagsAsync(string listenerArn, CancellationToken ct)
        {
            var rules = (await _elb.DescribeRulesAsync(listenerArn: listenerArn, cancellationToken: ct).ConfigureAwait(false))
                .OrderBy(ListenerState.PriorityOf)
                .ToList();
            var arns = rules.Where(r => !r.IsDefault).Select(r => r.RuleArn!).ToList();
            arns.Add(listenerArn);
            return (rules, await _elb.DescribeTagsAsync(arns, ct).ConfigureAwait(false));
        }

        private async Task<RuleQuota?> ReadQuotaAsync(CancellationToken ct) =>
            _quota == null ? null : await _quota.ReadAsync(ct).ConfigureAwait(false);

        private async Task<int> CountOtherRulesAsync(string listenerArn, string loadBalancerArn, CancellationToken ct)
        {
            var count = 0;
            var listeners = await _elb.DescribeListenersAsync(loadBalancerArn: loadBalancerArn, cancellationToken: ct).ConfigureAwait(false);
            foreach (var other in listeners.Where(l => l.ListenerArn != listenerArn))
            {
                var otherRules = await _elb.DescribeRulesAsync(listenerArn: other.ListenerArn, cancellationToken: ct).ConfigureAwait(false);
                count += otherRules.Count(r => !r.IsDefault);
            }

            return count;
        }
    }
}
