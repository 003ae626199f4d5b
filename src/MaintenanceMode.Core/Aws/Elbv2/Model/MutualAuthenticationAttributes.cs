namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Mutual TLS settings of an HTTPS listener.</summary>
    public sealed class MutualAuthenticationAttributes
    {
        public string? Mode { get; set; }

        public string? TrustStoreArn { get; set; }

        public bool? IgnoreClientCertificateExpiry { get; set; }

        public string? TrustStoreAssociationStatus { get; set; }

        public string? AdvertiseTrustStoreCaNames { get; set; }
    }
}
