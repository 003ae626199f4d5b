namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A listener certificate.</summary>
    public sealed class Certificate
    {
        public string? CertificateArn { get; set; }

        public bool? IsDefault { get; set; }
    }
}
