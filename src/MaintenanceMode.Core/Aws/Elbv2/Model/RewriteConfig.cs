namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>One regular-expression rewrite.</summary>
    public sealed class RewriteConfig
    {
        public string? Regex { get; set; }

        public string? Replace { get; set; }
    }
}
