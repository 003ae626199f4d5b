using System;

namespace MaintenanceMode.Preview
{
    /// <summary>A running preview, as Start-MaintenancePreview writes it; Stop-MaintenancePreview takes its Id from the pipeline.</summary>
    public sealed class PreviewServerInfo
    {
        public int Id { get; set; }

        /// <summary>Where to point curl or a browser, e.g. http://127.0.0.1:50123/.</summary>
        public string Url { get; set; } = string.Empty;

        public string ListenerArn { get; set; } = string.Empty;

        public string? LoadBalancerName { get; set; }

        /// <summary>The listener's port on the load balancer (the preview has its own, in <see cref="Url"/>).</summary>
        public int? ListenerPort { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public override string ToString() => Url;
    }
}
