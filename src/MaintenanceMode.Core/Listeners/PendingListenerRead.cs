using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Operations;
using MaintenanceMode.Rules;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// A listener's reads under way (its rules and their tags, the load balancer's other rules, the account's
    /// quota), started from the listener's and its load balancer's ARNs alone: they need nothing else, so they
    /// may start before the listener is even resolved. <see cref="StateForAsync"/> makes the state of them once
    /// the target is known; <see cref="SettleAsync"/> lets them end unobserved when it is not wanted.
    /// </summary>
    public sealed class PendingListenerRead
    {
        private readonly Task<(List<Rule> Rules, IReadOnlyDictionary<string, IReadOnlyList<Tag>> Tags)> _rulesAndTags;
        private readonly Task<int> _others;
        private readonly Task<RuleQuota?> _quota;

        internal PendingListenerRead(string listenerArn, string loadBalancerArn, Task<(List<Rule>, IReadOnlyDictionary<string, IReadOnlyList<Tag>>)> rulesAndTags, Task<int> others, Task<RuleQuota?> quota)
        {
            ListenerArn = listenerArn;
            LoadBalancerArn = loadBalancerArn;
            _rulesAndTags = rulesAndTags;
            _others = others;
            _quota = quota;
        }

        public string ListenerArn { get; }

        /// <summary>The load balancer whose other listeners' rules are counted.</summary>
        public string LoadBalancerArn { get; }

        /// <summary>Whether these reads are of <paramref name="target"/>: its listener, on the load balancer they counted.</summary>
        public bool IsOf(ListenerTarget target) => target.ListenerArn == ListenerArn && target.LoadBalancer.LoadBalancerArn == LoadBalancerArn;

        /// <summary>Waits for every read, without observing how any ended: for reads nobody will use.</summary>
        public Task SettleAsync() => Task.WhenAll(SideCall.SettleAsync(_rulesAndTags), SideCall.SettleAsync(_others), SideCall.SettleAsync(_quota));

        /// <summary>The listener's state from these reads; the first failure is thrown once every read has ended (no call outlives the read).</summary>
        public async Task<ListenerState> StateForAsync(ListenerTarget target)
        {
            try
            {
                var (rules, tags) = await _rulesAndTags.ConfigureAwait(false);
                var ruleTags = new Dictionary<string, List<Tag>>();
                foreach (var rule in rules.Where(r => !r.IsDefault))
                {
                    ruleTags[rule.RuleArn!] = tags.TryGetValue(rule.RuleArn!, out var t) ? t.ToList() : new List<Tag>();
                }

                var listenerTags = tags.TryGetValue(target.ListenerArn, out var lt) ? lt.ToList() : new List<Tag>();
                var onLoadBalancer = rules.Count(r => !r.IsDefault) + await _others.ConfigureAwait(false);
                return new ListenerState(target.LoadBalancer, target.Listener, rules, ruleTags, listenerTags, onLoadBalancer, await _quota.ConfigureAwait(false));
            }
            finally
            {
                await SettleAsync().ConfigureAwait(false);
            }
        }
    }
}
