using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A claim a jwt-validation action requires beyond the standard ones.</summary>
    public sealed class JwtValidationActionAdditionalClaim
    {
        /// <summary><c>single-string</c>, <c>string-array</c> or <c>space-separated-values</c>.</summary>
        public string? Format { get; set; }

        public string? Name { get; set; }

        public List<string>? Values { get; set; }
    }
}
