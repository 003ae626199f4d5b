using System.Management.Automation;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows whether listeners are in maintenance, since when, why and by whom.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MaintenanceStatus", DefaultParameterSetName = AllParameterSet)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Operations.MaintenanceStatus")]
    public sealed class GetMaintenanceStatusCommand : MaintenanceTargetCmdlet
    {
        private const string AllParameterSet = "All";

        protected override void ProcessRecord()
        {
            ForEachListener(target =>
            {
                var status = RunOnPipelineThread(ct => Service.GetStatusAsync(target, ct));
                WriteObject(status);
            });
        }
    }
}
