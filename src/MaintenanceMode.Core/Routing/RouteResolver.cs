using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// Answers "which rule gets this request?" for a listener as it is now: its live rules read through
    /// <see cref="ListenerStateReader"/>, evaluated by <see cref="RuleMatcher"/> as ALB evaluates them.
    /// </summary>
    public sealed class RouteResolver
    {
        private readonly ListenerStateReader _reader;

        public RouteResolver(IElbv2Client elb)
        {
            _reader = new ListenerStateReader(elb);
        }

        public async Task<ListenerRoute> ResolveAsync(ListenerTarget target, IncomingRequest request, CancellationToken ct)
        {
            var state = await _reader.ReadAsync(target, countLoadBalancerRules: false, ct).ConfigureAwait(false);
            return Resolve(state, request);
        }

        /// <summary>The route of <paramref name="request"/> through <paramref name="state"/>: pure.</summary>
        public static ListenerRoute Resolve(ListenerState state, IncomingRequest request)
        {
            var rule = RuleMatcher.Match(state.Rules, request.ToSample());

            // DescribeRules lists the default rule; should a listing lack it, the listener's default actions answer.
            var actions = ActionSummary.InOrder(rule?.Actions ?? state.DefaultActions);
            var redirect = actions.LastOrDefault()?.RedirectConfig;
            return new ListenerRoute
            {
                ListenerArn = state.ListenerArn,
                LoadBalancerName = state.LoadBalancer.LoadBalancerName,
                Port = state.Listener.Port,
                Request = request.Describe(),
                RuleArn = rule?.RuleArn,
                Priority = rule == null || rule.IsDefault ? "default" : rule.Priority ?? "default",
                IsDefault = rule == null || rule.IsDefault,
                Role = rule == null || rule.IsDefault ? null : state.RoleOf(rule),
                Action = ActionSummary.Describe(actions),
                RedirectLocation = redirect == null ? null : RedirectLocation.Build(redirect, request),
                Actions = actions,
                Conditions = rule?.Conditions ?? new System.Collections.Generic.List<RuleCondition>(),
                RulesEvaluated = state.Rules.Count,
            };
        }
    }
}
