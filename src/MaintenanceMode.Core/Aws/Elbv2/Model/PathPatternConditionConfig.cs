using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Path patterns (or regular expressions) a path-pattern condition matches.</summary>
    public sealed class PathPatternConditionConfig
    {
        public List<string>? Values { get; set; }

        public List<string>? RegexValues { get; set; }
    }
}
