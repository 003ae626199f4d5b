using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>One condition of a rule (shape RuleCondition).</summary>
    public sealed class RuleCondition
    {
        /// <summary><c>host-header</c>, <c>path-pattern</c>, <c>http-header</c>, <c>http-request-method</c>, <c>query-string</c> or <c>source-ip</c>.</summary>
        public string? Field { get; set; }

        /// <summary>Legacy form for host-header and path-pattern. DescribeRules mirrors the typed config here, which writes must not repeat.</summary>
        public List<string>? Values { get; set; }

        public HostHeaderConditionConfig? HostHeaderConfig { get; set; }

        public PathPatternConditionConfig? PathPatternConfig { get; set; }

        public HttpHeaderConditionConfig? HttpHeaderConfig { get; set; }

        public QueryStringConditionConfig? QueryStringConfig { get; set; }

        public HttpRequestMethodConditionConfig? HttpRequestMethodConfig { get; set; }

        public SourceIpConditionConfig? SourceIpConfig { get; set; }

        public List<string>? RegexValues { get; set; }

        /// <summary>A deep copy, so a plan can change it while the snapshot stays as read.</summary>
        public RuleCondition Clone() => ModelJson.Clone(this);
    }
}
