using System;
using System.Collections.Generic;

namespace MaintenanceMode.Records
{
    /// <summary>
    /// Who put a listener into maintenance, when, why, and with what page: kept in S3 beside the
    /// snapshot (the snapshot itself is never rewritten). Header values are never stored, only names.
    /// </summary>
    public sealed class MaintenanceRecord
    {
        public int SchemaVersion { get; set; } = 1;

        public string ListenerArn { get; set; } = string.Empty;

        /// <summary>The account and region the listener is in, so the record read alone says where the change was made.</summary>
        public string? AccountId { get; set; }

        public string? Region { get; set; }

        public DateTimeOffset Since { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public string? Reason { get; set; }

        public string? EnabledBy { get; set; }

        public int StatusCode { get; set; }

        public string? PageUri { get; set; }

        public string? ContentType { get; set; }

        public List<string> AllowSourceIp { get; set; } = new List<string>();

        public List<string> AllowHeaderNames { get; set; } = new List<string>();

        public List<string> AllowPath { get; set; } = new List<string>();

        public List<string> AllowHost { get; set; } = new List<string>();

        public string? RedirectUrl { get; set; }

        public List<string> ApiPathPattern { get; set; } = new List<string>();

        /// <summary>
        /// The module's rules on the listener (<see cref="ModuleRuleLedger"/>): only these are ever deleted. Written
        /// before the rules are created and again with their ARNs after; null in a record of an earlier version.
        /// </summary>
        public List<ModuleRuleEntry>? ModuleRules { get; set; }
    }
}
