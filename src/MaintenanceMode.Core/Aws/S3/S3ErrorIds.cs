namespace MaintenanceMode.Aws.S3
{
    /// <summary>
    /// Stable error ids of the S3 adapters. Cmdlets surface them as FullyQualifiedErrorId and tests
    /// assert them, so a value here never changes once released.
    /// </summary>
    public static class S3ErrorIds
    {
        public const string InvalidS3Uri = "InvalidS3Uri";
        public const string S3AccessDenied = "S3AccessDenied";
        public const string S3BucketNotFound = "S3BucketNotFound";
        public const string S3ObjectNotFound = "S3ObjectNotFound";
        public const string S3ObjectTooLarge = "S3ObjectTooLarge";
        public const string S3RequestFailed = "S3RequestFailed";
        public const string SnapshotAlreadyExists = "SnapshotAlreadyExists";
        public const string SnapshotChanged = "SnapshotChanged";
        public const string LockHeld = "LockHeld";
        public const string LockChanged = "LockChanged";
        public const string LockUnreadable = "LockUnreadable";
    }
}
