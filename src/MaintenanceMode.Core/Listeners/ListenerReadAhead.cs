using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// Enable's read of a listener named by ARN, started beside the calls that resolve it: the rules, their tags,
    /// the load balancer's other rules and the account's quota need only the listener's ARN and its load
    /// balancer's (inside the listener's), so the round trip after the resolve is saved. The resolve still
    /// decides: the read is kept only for the listener it resolved to, on the load balancer the read assumed;
    /// otherwise (not found, a network load balancer, a TCP listener, no access) it is settled unobserved and the
    /// resolve's error is the one reported. Only the first listener ARN is read ahead: the others' reads would
    /// age while the first is changed.
    /// </summary>
    internal sealed class ListenerReadAhead
    {
        private readonly object _gate = new object();
        private PendingListenerRead? _kept;

        /// <summary>Starts the read of the selection's first listener, when it is named by a well-formed ARN.</summary>
        public static PendingListenerRead? Start(TargetSelection selection, ListenerStateReader reader, CancellationToken ct)
        {
            var arn = selection.ListenerArns.FirstOrDefault();
            return arn != null && TargetResolver.IsListenerArn(arn)
                ? reader.Start(arn, TargetResolver.LoadBalancerArnOf(arn), countLoadBalancerRules: true, ct)
                : null;
        }

        /// <summary>Keeps <paramref name="read"/> when the resolve found its listener; settles it otherwise.</summary>
        public async Task KeepOrSettleAsync(PendingListenerRead? read, IReadOnlyList<TargetResult> resolved)
        {
            if (read == null)
            {
                return;
            }

            if (resolved.Any(r => r.Target != null && read.IsOf(r.Target)))
            {
                var replaced = Swap(read);
                if (replaced != null)
                {
                    await replaced.SettleAsync().ConfigureAwait(false);
                }

                return;
            }

            await read.SettleAsync().ConfigureAwait(false);
        }

        /// <summary>The read kept for <paramref name="target"/>, handed over once; null when there is none.</summary>
        public PendingListenerRead? Take(ListenerTarget target)
        {
            lock (_gate)
            {
                if (_kept == null || !_kept.IsOf(target))
                {
                    return null;
                }

                var read = _kept;
                _kept = null;
                return read;
            }
        }

        /// <summary>Whether a read is kept that nobody has taken yet.</summary>
        public bool Pending
        {
            get
            {
                lock (_gate)
                {
                    return _kept != null;
                }
            }
        }

        /// <summary>Lets a read nobody took end (the command stopped before its listener was planned).</summary>
        public Task AbandonAsync() => Swap(null)?.SettleAsync() ?? Task.CompletedTask;

        private PendingListenerRead? Swap(PendingListenerRead? read)
        {
            lock (_gate)
            {
                var old = _kept;
                _kept = read;
                return old;
            }
        }
    }
}
