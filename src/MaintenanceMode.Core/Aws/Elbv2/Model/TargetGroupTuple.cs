namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A target group and its weight in a forward action.</summary>
    public sealed class TargetGroupTuple
    {
        public string? TargetGroupArn { get; set; }

        /// <summary>0 to 999.</summary>
        public int? Weight { get; set; }
    }
}
