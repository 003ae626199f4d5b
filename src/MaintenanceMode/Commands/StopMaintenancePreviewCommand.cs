using System.Management.Automation;
using MaintenanceMode.Errors;
using MaintenanceMode.Preview;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Stops previews started by Start-MaintenancePreview in this PowerShell process.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "MaintenancePreview", DefaultParameterSetName = ById)]
    [OutputType(typeof(void))]
    public sealed class StopMaintenancePreviewCommand : PSCmdlet
    {
        private const string ById = "Id";
        private const string AllSet = "All";

        /// <summary>The preview's Id, as Start-MaintenancePreview wrote it; pipe the preview object in.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ById, Position = 0, ValueFromPipelineByPropertyName = true)]
        public int[] Id { get; set; } = new int[0];

        /// <summary>Every preview of this process.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            if (All)
            {
                foreach (var running in PreviewServers.List())
                {
                    PreviewServers.Stop(running.Id);
                }

                return;
            }

            foreach (var id in Id)
            {
                if (!PreviewServers.Stop(id))
                {
                    var message = $"No preview with Id {id} runs in this PowerShell process; it was stopped already, or started in another process.";
                    WriteError(MaintenanceModeCmdlet.ParameterError(ErrorIds.PreviewNotFound, message, id, new ItemNotFoundException(message)));
                }
            }
        }
    }
}
