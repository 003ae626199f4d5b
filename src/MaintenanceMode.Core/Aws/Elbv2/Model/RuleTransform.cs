namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A request rewrite applied by a rule (shape RuleTransform).</summary>
    public sealed class RuleTransform
    {
        /// <summary><c>host-header-rewrite</c> or <c>url-rewrite</c>.</summary>
        public string? Type { get; set; }

        public HostHeaderRewriteConfig? HostHeaderRewriteConfig { get; set; }

        public UrlRewriteConfig? UrlRewriteConfig { get; set; }

        /// <summary>A deep copy, so a plan can change it while the snapshot stays as read.</summary>
        public RuleTransform Clone() => ModelJson.Clone(this);
    }
}
