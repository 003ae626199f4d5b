using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Rewrites of the request URL.</summary>
    public sealed class UrlRewriteConfig
    {
        public List<RewriteConfig>? Rewrites { get; set; }
    }
}
