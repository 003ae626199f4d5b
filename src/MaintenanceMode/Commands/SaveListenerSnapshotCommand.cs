using System.Management.Automation;
using MaintenanceMode.Snapshots;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Saves a listener's full state (default actions, every rule with its ARN, priority, conditions, actions, transforms and tags, the listener's tags) as a schema-versioned JSON snapshot, to a file or to S3.</para>
    /// </summary>
    [Cmdlet(VerbsData.Save, "ListenerSnapshot", DefaultParameterSetName = ToFile, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Snapshots.ListenerSnapshotInfo")]
    public sealed class SaveListenerSnapshotCommand : ListenerSnapshotCmdlet
    {
        private const string ToFile = "Path";
        private const string ToS3 = "Uri";

        #region Parameters

        /// <summary>The listener (HTTP or HTTPS, of an Application Load Balancer).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ListenerArnCompleter))]
        public string ListenerArn { get; set; } = string.Empty;

        /// <summary>An S3 object, s3://bucket/key.json, encrypted by the bucket's default (or -KmsKeyId); or a folder, s3://bucket/prefix/, where each listener gets its own key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ToS3)]
        [ValidateNotNullOrEmpty]
        public string Uri { get; set; } = string.Empty;

        /// <summary>A local file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ToFile)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Overwrites a snapshot already there; without it an existing snapshot is never replaced.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>With -Uri: writes the snapshot with SSE-KMS under this key (id, ARN or alias) instead of the bucket's default encryption.</summary>
        [Parameter(ParameterSetName = ToS3)]
        [ValidateNotNullOrEmpty]
        public string? KmsKeyId { get; set; }

        #endregion

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (KmsKeyId != null)
            {
                Context.EncryptStateWithKmsKey(KmsKeyId);
            }
        }

        protected override void ProcessRecord()
        {
            Guarded(ListenerArn, () =>
            {
                var destination = ParameterSetName == ToS3
                    ? SnapshotLocation.InS3(Uri)
                    : SnapshotLocation.File(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));
                var target = RunOnPipelineThread(ct => Snapshots.ResolveAsync(ListenerArn, ct));
                Context.BucketOwner.ListenerIs(target.ListenerArn);
                var where = destination.For(target.ListenerArn).ToString();
                if (!ShouldProcess(target.ToString(), $"Save the listener's snapshot to {where}"))
                {
                    return;
                }

                WriteObject(RunOnPipelineThread(ct => Snapshots.SaveAsync(target, destination, Force, ct)));
            });
        }
    }
}
