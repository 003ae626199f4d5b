namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>One action of a rule or a listener's default actions (shape Action).</summary>
    public sealed class Action
    {
        /// <summary><c>forward</c>, <c>authenticate-oidc</c>, <c>authenticate-cognito</c>, <c>redirect</c>, <c>fixed-response</c> or <c>jwt-validation</c>.</summary>
        public string? Type { get; set; }

        /// <summary>Single-target-group form of forward. With one target group AWS returns it beside ForwardConfig, and accepts both back.</summary>
        public string? TargetGroupArn { get; set; }

        public AuthenticateOidcActionConfig? AuthenticateOidcConfig { get; set; }

        public AuthenticateCognitoActionConfig? AuthenticateCognitoConfig { get; set; }

        /// <summary>Required when a rule has several actions; the lowest runs first.</summary>
        public int? Order { get; set; }

        public RedirectActionConfig? RedirectConfig { get; set; }

        public FixedResponseActionConfig? FixedResponseConfig { get; set; }

        public ForwardActionConfig? ForwardConfig { get; set; }

        public JwtValidationActionConfig? JwtValidationConfig { get; set; }

        /// <summary>A deep copy, so a plan can change it while the snapshot stays as read.</summary>
        public Action Clone() => ModelJson.Clone(this);
    }
}
