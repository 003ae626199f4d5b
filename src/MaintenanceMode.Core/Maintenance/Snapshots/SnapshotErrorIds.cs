namespace MaintenanceMode.Maintenance.Snapshots
{
    /// <summary>Stable error ids of Save-, Compare- and Restore-ListenerSnapshot; scripts and tests match on them.</summary>
    public static class SnapshotErrorIds
    {
        public const string Corrupt = ListenerSnapshot.CorruptErrorId;
        public const string ListenerMismatch = ListenerSnapshot.WrongListenerErrorId;
        public const string NotFound = "SnapshotNotFound";
        public const string AlreadyExists = "SnapshotAlreadyExists";
        public const string PathNotFound = "SnapshotPathNotFound";
        public const string TooLarge = "SnapshotTooLarge";
        public const string NotARegularFile = "SnapshotNotARegularFile";
        public const string InvalidSource = "InvalidSnapshotSource";
        public const string OidcSecretRequired = "OidcSecretRequired";
        public const string PriorityTakenByAddedRule = "PriorityTakenByAddedRule";
        public const string ListenerInMaintenance = "ListenerInMaintenance";
    }
}
