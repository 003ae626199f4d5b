using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Key/value pairs a query-string condition matches.</summary>
    public sealed class QueryStringConditionConfig
    {
        public List<QueryStringKeyValuePair>? Values { get; set; }
    }
}
