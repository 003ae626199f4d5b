using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Reporting;

namespace MaintenanceMode.Identity
{
    /// <summary>
    /// STS GetCallerIdentity over the same Query transport as ELBv2 (STS speaks the Query protocol
    /// too), so the audit trail costs no extra SDK package.
    /// </summary>
    public sealed class StsCallerIdentity : ICallerIdentity
    {
        private readonly IQueryTransport _sts;
        private readonly IMaintenanceReporter _reporter;

        public StsCallerIdentity(IQueryTransport sts, IMaintenanceReporter reporter)
        {
            _sts = sts;
            _reporter = reporter;
        }

        public async Task<string?> GetCallerArnAsync(CancellationToken cancellationToken)
        {
            try
            {
                var result = await _sts.InvokeAsync("GetCallerIdentity", Array.Empty<System.Collections.Generic.KeyValuePair<string, string>>(), cancellationToken).ConfigureAwait(false);
                return result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Arn")?.Value;
            }
            catch (Elbv2Exception ex)
            {
                // The audit field is worth a warning, not a failed maintenance switch.
                _reporter.Warning($"Could not tell who is calling (sts:GetCallerIdentity: {ex.ErrorCode}); EnabledBy stays empty.");
                return null;
            }
        }
    }
}
