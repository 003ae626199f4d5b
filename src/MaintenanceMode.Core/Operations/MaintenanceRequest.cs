using System;
using System.Collections.Generic;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// Enable-Maintenance's parameters as given, before any check: what <see cref="MaintenanceSettingsBuilder"/>
    /// validates against ALB's limits and turns into <see cref="MaintenanceSettings"/>.
    /// </summary>
    public sealed class MaintenanceRequest
    {
        public string? PageUri { get; set; }

        public string? PagePath { get; set; }

        public Uri? RedirectUrl { get; set; }

        public int StatusCode { get; set; } = 503;

        public string? Reason { get; set; }

        public bool IgnoreLoadBalancerController { get; set; }

        public IReadOnlyList<string> ApiPathPatterns { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> AllowSourceIp { get; set; } = Array.Empty<string>();

        /// <summary>-AllowHeader's names and secret values, already read as text; null when -AllowHeader was not given.</summary>
        public IReadOnlyList<KeyValuePair<string, string>>? AllowHeaders { get; set; }

        public IReadOnlyList<string> AllowPaths { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> AllowHosts { get; set; } = Array.Empty<string>();
    }
}
