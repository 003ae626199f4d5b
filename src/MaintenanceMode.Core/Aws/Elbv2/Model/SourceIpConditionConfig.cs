using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>CIDR blocks a source-ip condition matches (the immediate peer's address).</summary>
    public sealed class SourceIpConditionConfig
    {
        public List<string>? Values { get; set; }
    }
}
