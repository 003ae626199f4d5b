using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Settings of an authenticate-oidc action.</summary>
    public sealed class AuthenticateOidcActionConfig
    {
        public string? Issuer { get; set; }

        public string? AuthorizationEndpoint { get; set; }

        public string? TokenEndpoint { get; set; }

        public string? UserInfoEndpoint { get; set; }

        public string? ClientId { get; set; }

        /// <summary>Never returned by DescribeRules; CreateRule needs it, ModifyRule can keep the stored one with <see cref="UseExistingClientSecret"/>.</summary>
        public string? ClientSecret { get; set; }

        public string? SessionCookieName { get; set; }

        public string? Scope { get; set; }

        /// <summary>Seconds.</summary>
        public long? SessionTimeout { get; set; }

        /// <summary>Up to 10 extra query parameters sent to the IdP's authorization endpoint.</summary>
        public Dictionary<string, string>? AuthenticationRequestExtraParams { get; set; }

        /// <summary><c>deny</c>, <c>allow</c> or <c>authenticate</c>.</summary>
        public string? OnUnauthenticatedRequest { get; set; }

        /// <summary>Request-only: ModifyRule keeps the stored secret when true.</summary>
        public bool? UseExistingClientSecret { get; set; }
    }
}
