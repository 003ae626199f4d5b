using System.Management.Automation;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows how a listener differs now from a snapshot: rules added, removed, changed (conditions, actions, transforms, tags) or moved, and changed default actions or listener tags.</para>
    /// </summary>
    [Cmdlet(VerbsData.Compare, "ListenerSnapshot")]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Snapshots.SnapshotDifference")]
    public sealed class CompareListenerSnapshotCommand : ListenerSnapshotCmdlet
    {
        #region Parameters

        /// <summary>A file path, an s3:// location, Save-ListenerSnapshot's output, or a snapshot object.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object? Snapshot { get; set; }

        /// <summary>The listener to compare; default: the snapshot's. A snapshot of another listener is refused.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ListenerArnCompleter))]
        public string? ListenerArn { get; set; }

        #endregion

        protected override void ProcessRecord()
        {
            Guarded(ListenerArn, () =>
            {
                var (snapshot, _) = ReadSnapshot(Snapshot!, ListenerArn);
                var target = RunOnPipelineThread(ct => Snapshots.ResolveAsync(snapshot.ListenerArn, ct));
                WriteObject(RunOnPipelineThread(ct => Snapshots.CompareAsync(snapshot, target, ct)), enumerateCollection: true);
            });
        }
    }
}
