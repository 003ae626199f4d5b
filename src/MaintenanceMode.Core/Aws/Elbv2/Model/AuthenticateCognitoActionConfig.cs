using System.Collections.Generic;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Settings of an authenticate-cognito action.</summary>
    public sealed class AuthenticateCognitoActionConfig
    {
        public string? UserPoolArn { get; set; }

        public string? UserPoolClientId { get; set; }

        public string? UserPoolDomain { get; set; }

        public string? SessionCookieName { get; set; }

        public string? Scope { get; set; }

        /// <summary>Seconds.</summary>
        public long? SessionTimeout { get; set; }

        /// <summary>Up to 10 extra query parameters sent to the IdP's authorization endpoint.</summary>
        public Dictionary<string, string>? AuthenticationRequestExtraParams { get; set; }

        /// <summary><c>deny</c>, <c>allow</c> or <c>authenticate</c>.</summary>
        public string? OnUnauthenticatedRequest { get; set; }
    }
}
