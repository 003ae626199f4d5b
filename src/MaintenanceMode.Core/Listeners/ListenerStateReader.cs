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
        public async Task<ListenerState> ReadAsync(ListenerTarget target, bool countLoadBalancerRules, CancellationToken ct)
        {
            // The other listeners' rules need nothing of this listener's: counted alongside, one round trip
            // less. Always waited for here, so no call outlives this read (its narration must still be pumped).
            var others = countLoadBalancerRules ? CountOtherRulesAsync(target, ct) : Task.FromResult(0);
            var quota = countLoadBalancerRules ? ReadQuotaAsync(ct) : Task.FromResult<RuleQuota?>(null);
            List<Rule> rules;
            IReadOnlyDictionary<string, IReadOnlyList<Tag>> tags;
            try
            {
                // A rule deleted by someone else between DescribeRules and DescribeTags fails the whole
                // DescribeTags batch with RuleNotFound: the listener is read afresh, not the run failed.
                (rules, tags) = await _reads.RetryingAsync(() => ReadRulesAndTagsAsync(target, ct),
                    ex => ex is Elbv2Exception e && e.ErrorCode == Elbv2ErrorCodes.RuleNotFound, ct).ConfigureAwait(false);
            }
            catch
            {
                await SideCall.SettleAsync(others).ConfigureAwait(false);
                await SideCall.SettleAsync(quota).ConfigureAwait(false);
                throw;
            }

            var ruleTags = new Dictionary<string, List<Tag>>();
            foreach (var rule in rules.Where(r => !r.IsDefault))
            {
                ruleTags[rule.RuleArn!] = tags.TryGetValue(rule.RuleArn!, out var t) ? t.ToList() : new List<Tag>();
            }

            var listenerTags = tags.TryGetValue(target.ListenerArn, out var lt) ? lt.ToList() : new List<Tag>();
            int onLoadBalancer;
            try
            {
                onLoadBalancer = rules.Count(r => !r.IsDefault) + await others.ConfigureAwait(false);
            }
            catch
            {
                await SideCall.SettleAsync(quota).ConfigureAwait(false);
                throw;
            }

            return new ListenerState(target.LoadBalancer, target.Listener, rules, ruleTags, listenerTags, onLoadBalancer, await quota.ConfigureAwait(false));
        }

        private async Task<(List<Rule> Rules, IReadOnlyDictionary<string, IReadOnlyList<Tag>> Tags)> ReadRulesAndTagsAsync(ListenerTarget target, CancellationToken ct)
        {
            var rules = (await _elb.DescribeRulesAsync(listenerArn: target.ListenerArn, cancellationToken: ct).ConfigureAwait(false))
                .OrderBy(ListenerState.PriorityOf)
                .ToList();
            var arns = rules.Where(r => !r.IsDefault).Select(r => r.RuleArn!).ToList();
            arns.Add(target.ListenerArn);
            return (rules, await _elb.DescribeTagsAsync(arns, ct).ConfigureAwait(false));
        }

        private async Task<RuleQuota?> ReadQuotaAsync(CancellationToken ct) =>
            _quota == null ? null : await _quota.ReadAsync(ct).ConfigureAwait(false);

        private async Task<int> CountOtherRulesAsync(ListenerTarget target, CancellationToken ct)
        {
            var count = 0;
            var listeners = await _elb.DescribeListenersAsync(loadBalancerArn: target.LoadBalancer.LoadBalancerArn, cancellationToken: ct).ConfigureAwait(false);
            foreach (var other in listeners.Where(l => l.ListenerArn != target.ListenerArn))
            {
                var otherRules = await _elb.DescribeRulesAsync(listenerArn: other.ListenerArn, cancellationToken: ct).ConfigureAwait(false);
                count += otherRules.Count(r => !r.IsDefault);
            }

            return count;
        }
    }
}
