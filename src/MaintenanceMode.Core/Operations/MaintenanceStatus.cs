using System;
using System.Collections.Generic;
using MaintenanceMode.Listeners;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// One listener's maintenance state: what Get-MaintenanceStatus, Enable-Maintenance and
    /// Disable-Maintenance write. Never holds a header value.
    /// </summary>
    public sealed class MaintenanceStatus
    {
        public string ListenerArn { get; set; } = string.Empty;

        /// <summary>The AWS account the listener belongs to (from its ARN).</summary>
        public string? AccountId { get; set; }

        /// <summary>The AWS region the listener is in (from its ARN).</summary>
        public string? Region { get; set; }

        public string? LoadBalancerArn { get; set; }

        public string? LoadBalancerName { get; set; }

        public int? Port { get; set; }

        public string? Protocol { get; set; }

        /// <summary>True while public traffic gets the page.</summary>
        public bool Enabled { get; set; }

        /// <summary>Off, On, or Partial: an interrupted run left some of the module's changes; rerun Enable or Disable.</summary>
        public string State { get; set; } = "Off";

        public DateTimeOffset? Since { get; set; }

        public string? Reason { get; set; }

        public string? EnabledBy { get; set; }

        public int? StatusCode { get; set; }

        public string? PageUri { get; set; }

        public string[] AllowSourceIp { get; set; } = Array.Empty<string>();

        /// <summary>Names of the headers that let requests past the page; their values are secret.</summary>
        public string[] AllowHeaderName { get; set; } = Array.Empty<string>();

        /// <summary>Path patterns whose requests are routed as before (-AllowPath).</summary>
        public string[] AllowPath { get; set; } = Array.Empty<string>();

        /// <summary>Host patterns whose requests are routed as before (-AllowHost).</summary>
        public string[] AllowHost { get; set; } = Array.Empty<string>();

        /// <summary>Where visitors are sent (302) when the page is hosted elsewhere.</summary>
        public string? RedirectUrl { get; set; }

        /// <summary>Paths whose requests get a JSON answer (as do requests whose Accept asks for JSON).</summary>
        public string[] ApiPathPattern { get; set; } = Array.Empty<string>();

        public int BypassRuleCount { get; set; }

        public string? SnapshotUri { get; set; }

        /// <summary>How S3 says the snapshot is encrypted: AES256, or aws:kms (KEY); null when not in maintenance or S3 reported none.</summary>
        public string? SnapshotEncryption { get; set; }

        /// <summary>Who gets the page and who gets through now, for sample requests (a visitor, each allowed source, header, path and host).</summary>
        public string[] SampleRoutes { get; set; } = Array.Empty<string>();

        public IReadOnlyList<RuleDrift> Drift { get; set; } = Array.Empty<RuleDrift>();

        public override string ToString() => $"{LoadBalancerName}:{Port} {State}";
    }
}
