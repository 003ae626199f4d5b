using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Host names (or regular expressions) a host-header condition matches.</summary>
    public sealed class HostHeaderConditionConfig
    {
        public List<string>? Values { get; set; }

        public List<string>? RegexValues { get; set; }
    }
}
