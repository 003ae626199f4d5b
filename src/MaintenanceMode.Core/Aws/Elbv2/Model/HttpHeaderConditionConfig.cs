using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A header name and the values (or regular expressions) an http-header condition matches.</summary>
    public sealed class HttpHeaderConditionConfig
    {
        public string? HttpHeaderName { get; set; }

        public List<string>? Values { get; set; }

        public List<string>? RegexValues { get; set; }
    }
}
