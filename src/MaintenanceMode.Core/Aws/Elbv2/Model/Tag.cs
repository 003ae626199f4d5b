namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A resource tag.</summary>
    public sealed class Tag
    {
        public string? Key { get; set; }

        /// <summary>Optional in AWS.</summary>
        public string? Value { get; set; }
    }
}
