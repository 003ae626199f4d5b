using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Settings of a jwt-validation action.</summary>
    public sealed class JwtValidationActionConfig
    {
        public string? JwksEndpoint { get; set; }

        public string? Issuer { get; set; }

        public List<JwtValidationActionAdditionalClaim>? AdditionalClaims { get; set; }
    }
}
