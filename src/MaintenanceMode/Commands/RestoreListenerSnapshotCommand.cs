using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using MaintenanceMode.Snapshots.Restore;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Brings a listener back to a snapshot with the fewest calls, keeping the ARN of every rule that still exists; rules deleted since are created again (new ARNs, reported).</para>
    /// </summary>
    [Cmdlet(VerbsData.Restore, "ListenerSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Snapshots.Restore.RestoreResult")]
    public sealed class RestoreListenerSnapshotCommand : ListenerSnapshotCmdlet
    {
        #region Parameters

        /// <summary>A file path, an s3:// location, Save-ListenerSnapshot's output, or a snapshot object.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object? Snapshot { get; set; }

        /// <summary>The listener to restore; default: the snapshot's. A snapshot of another listener is refused.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ListenerArnCompleter))]
        public string? ListenerArn { get; set; }

        /// <summary>Also deletes the rules added since the snapshot; without it they stay.</summary>
        [Parameter]
        public SwitchParameter RemoveAdded { get; set; }

        /// <summary>
        /// OIDC client secrets by rule ARN (as in the snapshot), as strings or SecureStrings: a deleted
        /// authenticate-oidc rule can only be created again with its secret, which AWS never returns.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? ClientSecret { get; set; }

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>A guard: the 12-digit account the listener must be in. Another account is refused before anything is changed.</summary>
        [Parameter]
        [ValidatePattern(@"^\d{12}$")]
        public string? AccountId { get; set; }

        #endregion

        private Dictionary<string, string>? _clientSecrets;

        protected override void BeginProcessing()
        {
            // A secret of the wrong type is bad input: refused before any snapshot is read.
            _clientSecrets = Secrets();
            base.BeginProcessing();
        }
        protected override bool ProposesChanges => true;

        protected override void ProcessRecord()
        {
            Guarded(ListenerArn, () =>
            {
                Context.BucketOwner.GivenAccountId(AccountId);
                var options = new RestoreOptions { RemoveAdded = RemoveAdded, ClientSecrets = _clientSecrets! };
                var (snapshot, source) = ReadSnapshot(Snapshot!, ListenerArn);
                // The caller, to name in the prompt, is looked up beside the listener, not after it.
                var target = RunOnPipelineThread(ct => Identity.AlongsideAsync(() => Snapshots.ResolveAsync(snapshot.ListenerArn, ct), ct));
                Identity.CheckAccount(AccountId, target);
                var preview = RunOnPipelineThread(ct => Snapshots.PrepareRestoreAsync(snapshot, source, target, options, ct));
                if (!Approved(Force, Identity.Describe(target), () => $"Restore the listener from {source} with these calls:" + preview.Describe()))
                {
                    return;
                }

                WriteObject(RunOnPipelineThread(ct => Snapshots.RestoreAsync(preview, ct)));
            });
        }

        private Dictionary<string, string> Secrets()
        {
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            if (ClientSecret == null)
            {
                return secrets;
            }

            foreach (DictionaryEntry entry in ClientSecret)
            {
                var key = entry.Key?.ToString() ?? string.Empty;
                if (!SecretParameter.TryRead(entry.Value, out var secret))
                {
                    ThrowTerminatingError(SecretParameter.Refusal("-ClientSecret", key, entry.Value!));
                }

                AddSecret(secret);
                secrets[key] = secret;
            }

            return secrets;
        }
    }
}
