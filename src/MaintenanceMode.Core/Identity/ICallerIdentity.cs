using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Identity
{
    /// <summary>Who is calling AWS (STS GetCallerIdentity), for the audit trail.</summary>
    public interface ICallerIdentity
    {
        /// <returns>The caller's ARN, or null when it cannot be had (the audit field then stays empty).</returns>
        Task<string?> GetCallerArnAsync(CancellationToken cancellationToken);
    }
}
