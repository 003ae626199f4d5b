using System.Collections.Generic;
using MaintenanceMode.Routing;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations
{
    /// <summary>What Enable-Maintenance was asked for, validated: the page and who gets past it.</summary>
    public sealed class MaintenanceSettings
    {
        public string PageBody { get; set; } = string.Empty;

        public string PageContentType { get; set; } = "text/html";

        /// <summary>Where the page came from (s3:// URI or file name), for status.</summary>
        public string? PageSource { get; set; }

        public int StatusCode { get; set; } = 503;

        public IReadOnlyList<CidrBlock> AllowSourceIp { get; set; } = new List<CidrBlock>();

        public IReadOnlyList<HeaderMatch> AllowHeaders { get; set; } = new List<HeaderMatch>();

        /// <summary>ALB path patterns (case-sensitive) whose requests are routed as the original rules route them.</summary>
        public IReadOnlyList<string> AllowPaths { get; set; } = new List<string>();

        /// <summary>ALB host patterns (case-insensitive) whose requests are routed as the original rules route them.</summary>
        public IReadOnlyList<string> AllowHosts { get; set; } = new List<string>();

        public string? Reason { get; set; }

        /// <summary>
        /// The rules-per-load-balancer quota assumed when the listener's state carries none; Enable's reads
        /// carry the account's (DescribeAccountLimits), which takes precedence.
        /// </summary>
        public int RuleQuota { get; set; } = RuleLimits.DefaultRulesPerLoadBalancer;

        /// <summary>Paths whose requests (and any request whose Accept asks for JSON) get a JSON answer.</summary>
        public IReadOnlyList<string> ApiPathPatterns { get; set; } = new List<string>();

        /// <summary>When set, the page is a 302 to this hosted page instead of a fixed response.</summary>
        public System.Uri? RedirectUrl { get; set; }

        /// <summary>Go ahead on a listener the AWS Load Balancer Controller manages (the operator has stopped it reconciling).</summary>
        public bool IgnoreLoadBalancerController { get; set; }

        public bool HasBypass => AllowSourceIp.Count > 0 || AllowHeaders.Count > 0 || AllowPaths.Count > 0 || AllowHosts.Count > 0;
    }
}
