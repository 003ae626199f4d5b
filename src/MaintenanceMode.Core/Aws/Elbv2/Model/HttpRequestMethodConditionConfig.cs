using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>HTTP methods an http-request-method condition matches.</summary>
    public sealed class HttpRequestMethodConditionConfig
    {
        public List<string>? Values { get; set; }
    }
}
