using System.Management.Automation;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Takes listeners out of maintenance: public traffic returns in one call, then every rule goes back where it was.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "Maintenance", DefaultParameterSetName = ByListenerArn, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Operations.MaintenanceStatus")]
    public sealed class DisableMaintenanceCommand : MaintenanceTargetCmdlet
    {
        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool ProposesChanges => true;

        /// <summary>Writes the lock with SSE-KMS under this key (id, ARN or alias) instead of the bucket's default encryption.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KmsKeyId { get; set; }

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
            ForEachListener(target =>
            {
                if (ApprovedWithoutPreview(Force))
                {
                    // Nothing to show: the snapshot is read once, under the lock (see DisableWithoutPreviewAsync).
                    WriteObject(RunOnPipelineThread(ct => Service.DisableWithoutPreviewAsync(target, ct)));
                    return;
                }

                var preview = RunOnPipelineThread(ct => Service.PrepareDisableAsync(target, ct));
                if (!preview.State.HasModuleChanges)
                {
                    WriteWarning($"{target} is not in maintenance; nothing was changed.");
                    WriteObject(RunOnPipelineThread(ct => Service.GetStatusAsync(target, ct)));
                    return;
                }

                if (!Approved(Force, Describe(target), () => "Disable maintenance with these calls:" + preview.Describe()))
                {
                    return;
                }

                WriteObject(RunOnPipelineThread(ct => Service.DisableAsync(preview, ct)));
            });
        }
    }
}
