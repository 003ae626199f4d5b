namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Settings of a fixed-response action.</summary>
    public sealed class FixedResponseActionConfig
    {
        /// <summary>At most 1024 characters.</summary>
        public string? MessageBody { get; set; }

        /// <summary>2XX, 4XX or 5XX, as text.</summary>
        public string? StatusCode { get; set; }

        /// <summary>text/plain, text/css, text/html, application/javascript or application/json.</summary>
        public string? ContentType { get; set; }
    }
}
