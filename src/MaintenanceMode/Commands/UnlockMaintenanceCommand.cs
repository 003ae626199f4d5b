using System;
using System.Management.Automation;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.State.Locks;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Breaks a listener's maintenance lock, left by a run that died, so the next run need not wait for its lease.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Unlock, "Maintenance", DefaultParameterSetName = ByListenerArn, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.State.Locks.MaintenanceLock")]
    public sealed class UnlockMaintenanceCommand : MaintenanceTargetCmdlet
    {
        private S3Uri? _stateUri;

        #region Parameters

        /// <summary>Where the lock is, s3://bucket/prefix/, for a listener whose maintenance-mode:state tag names none.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StateUri { get; set; }

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        #endregion

        protected override void BeginProcessing()
        {
            try
            {
                _stateUri = StateUri == null ? null : S3Uri.ParsePrefix(StateUri);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowTerminatingError(ToErrorRecord(ex, StateUri));
            }

            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            ForEachListener(target =>
            {
                var found = RunOnPipelineThread(ct => Service.FindLockAsync(target, _stateUri, ct));
                if (found == null)
                {
                    WriteWarning($"{target} is not locked; nothing was removed.");
                    return;
                }

                if (found.HolderState == nameof(LockHolderState.Running))
                {
                    WriteWarning($"The lock of {target} is held by a process of this machine that still runs ({found.ProcessId}): removing it lets another run in beside it.");
                }

                if (!Approved(Force, found.LockUri, found.Describe))
                {
                    return;
                }

                WriteObject(RunOnPipelineThread(ct => Service.BreakLockAsync(found, ct)));
            });
        }
    }
}
