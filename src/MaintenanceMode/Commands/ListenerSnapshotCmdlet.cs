using System.IO;
using System.Management.Automation;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Operations;
using MaintenanceMode.Snapshots;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// What Save-, Compare- and Restore-ListenerSnapshot share: the core context, a reporter on the
    /// pipeline thread, reading a -Snapshot given as a path, an s3:// location, Save's output or a
    /// snapshot object, and per-listener errors with stable ids.
    /// <para>Core types appear only in non-public members and method bodies (see ModuleInit).</para>
    /// </summary>
    public abstract class ListenerSnapshotCmdlet : MaintenanceModeCmdlet
    {
        #region Members

        protected ListenerSnapshotService Snapshots => Context.Snapshots;

        /// <summary>The account, region and caller of this command (see Restore-ListenerSnapshot's prompt).</summary>
        protected CommandIdentity Identity => Context.Identity;

        #endregion

        #region Methods

        /// <summary>
        /// The snapshot -Snapshot names, and a name for it: a file path (PowerShell paths resolve against
        /// the current location), an s3:// object (or folder, with <paramref name="listenerArn"/>), a
        /// FileInfo, Save-ListenerSnapshot's output, a snapshot object, or its ConvertFrom-Json form.
        /// </summary>
        protected (ListenerSnapshot Snapshot, string Source) ReadSnapshot(object input, string? listenerArn)
        {
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case ListenerSnapshot snapshot:
                    return (ListenerSnapshotService.Parse(snapshot.ToJson(), "the snapshot object", listenerArn), "the snapshot object");
                case ListenerSnapshotInfo info:
                    return ReadSnapshot(info.Location, listenerArn);
                case FileInfo file:
                    return ReadSnapshot(file.FullName, listenerArn);
                case string text when text.Trim().Length > 0:
                {
                    var location = S3Uri.LooksLikeS3Uri(text)
                        ? SnapshotLocation.InS3(text)
                        : SnapshotLocation.File(SessionState.Path.GetUnresolvedProviderPathFromPSPath(text));
                    // Without the caller's account, an S3 snapshot is read from a bucket of the listener's (-ListenerArn).
                    Context.BucketOwner.ListenerIs(listenerArn);
                    var snapshot = RunOnPipelineThread(ct => Snapshots.LoadAsync(location, listenerArn, ct));
                    return (snapshot, location.IsFolder ? location.For(snapshot.ListenerArn).ToString() : location.ToString());
                }
            }

            var properties = (input as PSObject)?.Properties;
            if (properties?["SchemaVersion"] != null && properties["ListenerArn"] != null)
            {
                // ConvertFrom-Json's object: back to JSON, then through the same checks as a file.
                var json = InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($o) ConvertTo-Json -InputObject $o -Depth 64"), null, input);
                return (ListenerSnapshotService.Parse(json.Count == 1 ? json[0].ToString() : string.Empty, "the snapshot object", listenerArn), "the snapshot object");
            }

            if (properties?["Location"]?.Value is string saved)
            {
                return ReadSnapshot(saved, listenerArn);
            }

            throw new MaintenanceModeException(ErrorIds.InvalidSnapshotSource,
                $"-Snapshot takes a file path, an s3:// location, Save-ListenerSnapshot's output or a snapshot object, not a {value?.GetType().Name ?? "null"}.");
        }

        #endregion
    }
}
