using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Reporting;

namespace MaintenanceMode.Rules
{
    /// <summary>
    /// Reads the account's rules-per-application-load-balancer quota with DescribeAccountLimits, once per
    /// command: a quota raised through Service Quotas must not be refused as if it were 100. When IAM denies
    /// the call, falls back to ALB's default of 100 and says so, rather than failing a run that may fit.
    /// </summary>
    public sealed class RuleQuotaReader
    {
        public const string LimitName = "rules-per-application-load-balancer";

        private readonly IElbv2Client _elb;
        private readonly IMaintenanceReporter _reporter;
        private readonly object _gate = new object();
        private Task<RuleQuota>? _read;

        public RuleQuotaReader(IElbv2Client elb, IMaintenanceReporter reporter)
        {
            _elb = elb;
            _reporter = reporter;
        }

        /// <summary>The quota; the first call asks AWS, later ones (every listener of the command) reuse its answer.</summary>
        public Task<RuleQuota> ReadAsync(CancellationToken ct)
        {
            lock (_gate)
            {
                // A read that failed (not denied: denial is an answer) is asked again by the next listener.
                if (_read == null || _read.IsFaulted || _read.IsCanceled)
                {
                    _read = ReadOnceAsync(ct);
                }

                return _read;
            }
        }

        private async Task<RuleQuota> ReadOnceAsync(CancellationToken ct)
        {
            try
            {
                var limits = await _elb.DescribeAccountLimitsAsync(ct).ConfigureAwait(false);
                var max = limits.FirstOrDefault(l => string.Equals(l.Name, LimitName, StringComparison.Ordinal))?.Max;
                if (max != null && int.TryParse(max.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
                {
                    return RuleQuota.FromAccount(value);
                }

                _reporter.Warning($"DescribeAccountLimits did not list {LimitName}; assuming ALB's default of {RuleLimits.DefaultRulesPerLoadBalancer} rules per load balancer.");
                return RuleQuota.DefaultBecauseUnlisted;
            }
            catch (Elbv2Exception ex) when (IsDenied(ex))
            {
                _reporter.Warning($"DescribeAccountLimits was denied ({ex.ErrorCode}), so the account's rule quota is unknown: assuming ALB's default of {RuleLimits.DefaultRulesPerLoadBalancer} rules per load balancer. "
                    + "Grant elasticloadbalancing:DescribeAccountLimits if the quota was raised.");
                return RuleQuota.DefaultBecauseDenied;
            }
        }

        private static bool IsDenied(Elbv2Exception ex) =>
            ex.HttpStatusCode == HttpStatusCode.Forbidden
            || ex.ErrorCode == Elbv2ErrorCodes.AccessDenied || ex.ErrorCode == "AccessDeniedException" || ex.ErrorCode == Elbv2ErrorCodes.UnauthorizedOperation;
    }
}
