using System;

namespace MaintenanceMode.Snapshots
{
    /// <summary>What Save-ListenerSnapshot wrote, and where: pipe it into Compare- or Restore-ListenerSnapshot.</summary>
    public sealed class ListenerSnapshotInfo
    {
        public string ListenerArn { get; set; } = string.Empty;

        public string? LoadBalancerName { get; set; }

        public int? Port { get; set; }

        /// <summary>A file path or s3://bucket/key.</summary>
        public string Location { get; set; } = string.Empty;

        public int RuleCount { get; set; }

        public DateTimeOffset CapturedAt { get; set; }

        public int SchemaVersion { get; set; }

        /// <summary>How S3 says the snapshot is encrypted (AES256, aws:kms (KEY)); null for a file, or when S3 reported none.</summary>
        public string? Encryption { get; set; }

        public override string ToString() => Location;
    }
}
