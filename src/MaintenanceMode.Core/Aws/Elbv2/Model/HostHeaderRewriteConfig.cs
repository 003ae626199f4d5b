using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Rewrites of the host header.</summary>
    public sealed class HostHeaderRewriteConfig
    {
        public List<RewriteConfig>? Rewrites { get; set; }
    }
}
