using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Operations;

namespace MaintenanceMode.Targets
{
    /// <summary>
    /// Turns names and ARNs into HTTP/HTTPS listeners of Application Load Balancers. A network or
    /// gateway load balancer, or a TCP/TLS/UDP listener, is refused: only ALB answers with fixed
    /// responses. Each name that fails is its own error, so the others still run.
    /// </summary>
    public sealed class TargetResolver
    {
        private static readonly Regex ListenerArnPattern = new Regex(@"^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener/(app|net|gwy)/[^/]+/[0-9a-f]+/[0-9a-f]+$", RegexOptions.CultureInvariant);
        private static readonly Regex LoadBalancerArnPattern = new Regex(@"^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer/(app|net|gwy)/[^/]+/[0-9a-f]+$", RegexOptions.CultureInvariant);

        private readonly IElbv2Client _elb;

        public TargetResolver(IElbv2Client elb)
        {
            _elb = elb;
        }

        /// <summary>Whether <paramref name="arn"/> has the form of a listener ARN (then <see cref="LoadBalancerArnOf"/> reads its load balancer's).</summary>
        internal static bool IsListenerArn(string arn) => ListenerArnPattern.IsMatch(arn);

        public static bool IsHttpProtocol(string? protocol) => protocol == "HTTP" || protocol == "HTTPS";

        public async Task<IReadOnlyList<TargetResult>> ResolveAsync(TargetSelection selection, CancellationToken ct)
        {
            var results = new List<TargetResult>();
            if (selection.IsEmpty)
            {
                var all = await _elb.DescribeLoadBalancersAsync(cancellationToken: ct).ConfigureAwait(false);
                foreach (var lb in all.Where(l => string.Equals(l.Type, "application", StringComparison.OrdinalIgnoreCase)).OrderBy(l => l.LoadBalancerName, StringComparer.Ordinal))
                {
                    results.AddRange((await ListenersOfAsync(lb, ct).ConfigureAwait(false)).Where(r => r.Target != null));
                }

                return results;
            }

            foreach (var name in selection.LoadBalancerNames)
            {
                var lb = await TryAsync(() => _elb.DescribeLoadBalancersAsync(names: new[] { name }, cancellationToken: ct), ErrorIds.LoadBalancerNotFound,
                    $"No load balancer named '{name}' was found. Check -LoadBalancerName and the region (-Region).").ConfigureAwait(false);
                results.AddRange(lb.Error != null ? new[] { TargetResult.Failed(lb.Error) } : await ListenersOfAsync(lb.Value!.First(), ct).ConfigureAwait(false));
            }

            foreach (var arn in selection.LoadBalancerArns)
            {
                if (!LoadBalancerArnPattern.IsMatch(arn))
                {
                    results.Add(TargetResult.Failed(Error(ErrorIds.InvalidLoadBalancerArn, arn,
                        $"'{arn}' is not a load balancer ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID).")));
                    continue;
                }

                var lb = await TryAsync(() => _elb.DescribeLoadBalancersAsync(loadBalancerArns: new[] { arn }, cancellationToken: ct), ErrorIds.LoadBalancerNotFound,
                    $"No load balancer {arn} was found. Check the ARN and the region (-Region).").ConfigureAwait(false);
                results.AddRange(lb.Error != null ? new[] { TargetResult.Failed(lb.Error) } : await ListenersOfAsync(lb.Value!.First(), ct).ConfigureAwait(false));
            }

            foreach (var arn in selection.ListenerArns)
            {
                results.Add(await ListenerAsync(arn, ct).ConfigureAwait(false));
            }

            return results;
        }

        private async Task<TargetResult> ListenerAsync(string arn, CancellationToken ct)
        {
            if (!ListenerArnPattern.IsMatch(arn))
            {
                return TargetResult.Failed(Error(ErrorIds.InvalidListenerArn, arn,
                    $"'{arn}' is not a listener ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID)."));
            }

            // A listener's ARN names its load balancer's (listener/app/NAME/LB-ID/ID): both are asked for at once,
            // one round trip instead of two. The listener's own answer is what counts; should it name another load
            // balancer, that one is asked for after it.
            var derivedArn = LoadBalancerArnOf(arn);
            var guessed = TryAsync(() => _elb.DescribeLoadBalancersAsync(loadBalancerArns: new[] { derivedArn }, cancellationToken: ct), ErrorIds.LoadBalancerNotFound,
                $"The load balancer of listener {arn} was not found.");
            (IReadOnlyList<Listener>? Value, MaintenanceModeException? Error) listeners;
            try
            {
                listeners = await TryAsync(() => _elb.DescribeListenersAsync(listenerArns: new[] { arn }, cancellationToken: ct), ErrorIds.ListenerNotFound,
                    $"No listener {arn} was found. Check the ARN and the region (-Region).").ConfigureAwait(false);
            }
            catch
            {
                await SideCall.SettleAsync(guessed).ConfigureAwait(false);
                throw;
            }

            var listener = listeners.Value?.First();
            if (listener == null || listener.LoadBalancerArn != derivedArn)
            {
                await SideCall.SettleAsync(guessed).ConfigureAwait(false);
                if (listener == null)
                {
                    return TargetResult.Failed(listeners.Error!);
                }
            }

            var lbs = listener.LoadBalancerArn == derivedArn ? await guessed.ConfigureAwait(false)
                : await TryAsync(() => _elb.DescribeLoadBalancersAsync(loadBalancerArns: new[] { listener.LoadBalancerArn! }, cancellationToken: ct), ErrorIds.LoadBalancerNotFound,
                    $"The load balancer of listener {arn} was not found.").ConfigureAwait(false);
            if (lbs.Error != null)
            {
                return TargetResult.Failed(lbs.Error);
            }

            var lb = lbs.Value!.First();
            var typeError = CheckType(lb);
            if (typeError != null)
            {
                return TargetResult.Failed(typeError);
            }

            if (!IsHttpProtocol(listener.Protocol))
            {
                return TargetResult.Failed(Error(ErrorIds.UnsupportedListenerProtocol, arn,
                    $"Listener {arn} uses {listener.Protocol}; a maintenance page is a fixed response, which only HTTP and HTTPS listeners give. Name an HTTP or HTTPS listener."));
            }

            return TargetResult.Of(new ListenerTarget(lb, listener));
        }

        /// <summary>The load balancer ARN inside a listener ARN (one <see cref="ListenerArnPattern"/> accepts).</summary>
        internal static string LoadBalancerArnOf(string listenerArn)
        {
            var prefixEnd = listenerArn.IndexOf(":listener/", StringComparison.Ordinal);
            var path = listenerArn.Substring(prefixEnd + ":listener/".Length);
            return listenerArn.Substring(0, prefixEnd) + ":loadbalancer/" + path.Substring(0, path.LastIndexOf('/'));
        }

        private async Task<IReadOnlyList<TargetResult>> ListenersOfAsync(LoadBalancer lb, CancellationToken ct)
        {
            var typeError = CheckType(lb);
            if (typeError != null)
            {
                return new[] { TargetResult.Failed(typeError) };
            }

            var listeners = await _elb.DescribeListenersAsync(loadBalancerArn: lb.LoadBalancerArn, cancellationToken: ct).ConfigureAwait(false);
            var http = listeners.Where(l => IsHttpProtocol(l.Protocol)).OrderBy(l => l.Port).ToList();
            if (http.Count == 0)
            {
                return new[]
                {
                    TargetResult.Failed(Error(ErrorIds.NoHttpListener, lb.LoadBalancerArn,
                        $"Load balancer '{lb.LoadBalancerName}' has no HTTP or HTTPS listener, so there is nothing to put a maintenance page on. Add a listener first.")),
                };
            }

            return http.Select(l => TargetResult.Of(new ListenerTarget(lb, l))).ToList();
        }

        private static MaintenanceModeException? CheckType(LoadBalancer lb)
        {
            if (string.Equals(lb.Type, "application", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return Error(ErrorIds.UnsupportedLoadBalancerType, lb.LoadBalancerArn,
                $"'{lb.LoadBalancerName}' is a {lb.Type} load balancer. Maintenance pages need an Application Load Balancer, whose listeners can answer with a fixed response. Nothing was changed.");
        }

        private static async Task<(IReadOnlyList<TItem>? Value, MaintenanceModeException? Error)> TryAsync<TItem>(Func<Task<IReadOnlyList<TItem>>> call, string notFoundId, string notFoundMessage)
        {
            try
            {
                var value = await call().ConfigureAwait(false);
                if (value.Count == 0)
                {
                    return (null, Error(notFoundId, null, notFoundMessage));
                }

                return (value, null);
            }
            catch (Elbv2Exception ex) when (ex.ErrorCode.EndsWith("NotFound", StringComparison.Ordinal) || ex.ErrorCode == Elbv2ErrorCodes.ValidationError)
            {
                return (null, Error(notFoundId, null, notFoundMessage, ex));
            }
        }

        private static MaintenanceModeException Error(string id, string? target, string message, Exception? inner = null) =>
            new MaintenanceModeException(id, message, inner) { Target = target };
    }
}
