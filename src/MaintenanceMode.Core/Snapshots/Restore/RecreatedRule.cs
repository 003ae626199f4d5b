namespace MaintenanceMode.Snapshots.Restore
{
    /// <summary>A rule deleted since the snapshot that a restore created again: same routing, new ARN.</summary>
    public sealed class RecreatedRule
    {
        public string SnapshotRuleArn { get; set; } = string.Empty;

        public string NewRuleArn { get; set; } = string.Empty;

        public int Priority { get; set; }

        public override string ToString() => $"{Priority}: {SnapshotRuleArn} -> {NewRuleArn}";
    }
}
