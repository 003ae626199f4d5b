using System;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.State;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// Where a snapshot is kept: a local file, an S3 object, or an S3 folder (s3://bucket/prefix/),
    /// in which each listener's snapshot has the key the module's layout gives it (where Enable keeps its own).
    /// </summary>
    public sealed class SnapshotLocation
    {
        private SnapshotLocation(string? filePath, S3Uri? s3)
        {
            FilePath = filePath;
            S3 = s3;
        }

        /// <summary>A full file-system path; null for S3.</summary>
        public string? FilePath { get; }

        public S3Uri? S3 { get; }

        public bool IsFolder => S3 != null && S3.IsPrefix;

        public static SnapshotLocation File(string fullPath) => new SnapshotLocation(fullPath, null);

        /// <exception cref="MaintenanceModeException">InvalidS3Uri: not an s3:// location.</exception>
        public static SnapshotLocation InS3(string uri) => new SnapshotLocation(null, S3Uri.Parse(uri));

        /// <summary>The object of one listener: a folder becomes that listener's key in it.</summary>
        public SnapshotLocation For(string listenerArn) =>
            IsFolder ? new SnapshotLocation(null, S3!.WithKey(new SnapshotLayout(S3).SnapshotKey(listenerArn))) : this;

        /// <summary>The S3 folder holding this object and its key, as SnapshotStore takes them.</summary>
        internal (S3Uri Folder, string Key) S3Parts()
        {
            if (S3 == null || S3.IsPrefix)
            {
                throw new InvalidOperationException("Not one S3 object: call For(listenerArn) first.");
            }

            var slash = S3.Key.LastIndexOf('/');
            return (S3.WithKey(slash < 0 ? string.Empty : S3.Key.Substring(0, slash + 1)), S3.Key);
        }

        public override string ToString() => FilePath ?? S3!.ToString();
    }
}
