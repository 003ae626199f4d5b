namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Target group stickiness of a forward action.</summary>
    public sealed class TargetGroupStickinessConfig
    {
        public bool? Enabled { get; set; }

        /// <summary>1 to 604800.</summary>
        public int? DurationSeconds { get; set; }
    }
}
