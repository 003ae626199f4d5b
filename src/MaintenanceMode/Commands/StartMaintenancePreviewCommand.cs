using System.Management.Automation;
using System.Net.Sockets;
using MaintenanceMode.Errors;
using MaintenanceMode.Preview;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Serves a listener's current routing on 127.0.0.1, so curl and a browser see what the load balancer would answer: the maintenance page, a bypass, a redirect.</para>
    /// <para type="description">Each request is matched against the listener's live rules (read again at most once a second). A fixed response is served as is; a redirect is sent with its Location; a forward answers 200 text/plain naming the target groups. Source-ip conditions see the first address of X-Forwarded-For when the request has one, else 127.0.0.1. The preview runs until Stop-MaintenancePreview or the end of the PowerShell process.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "MaintenancePreview", DefaultParameterSetName = ByListenerArn)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Preview.PreviewServerInfo")]
    public sealed class StartMaintenancePreviewCommand : MaintenanceTargetCmdlet
    {
        private int _started;

        /// <summary>The local port; default a free one. With several listeners, leave it out.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        protected override void ProcessRecord()
        {
            ForEachListener(target =>
            {
                if (Port != 0 && _started > 0)
                {
                    throw new Errors.MaintenanceModeException(ErrorIds.PortForSeveralListeners,
                        $"-Port {Port} is taken by the preview of the first listener; {target} was not previewed. Leave -Port out to give each listener a free port, or name one listener.");
                }

                // The preview outlives this command, so it gets clients of its own; it disposes them when stopped.
                var owned = CommandContext.Create(CreateSessionOptions(), NullReporter.Instance, ModuleVersion);
                try
                {
                    var info = RunOnPipelineThread(ct => PreviewServers.StartAsync(owned, target, Port, ct));
                    _started++;
                    WriteVerbose($"Previewing {target} at {info.Url}");
                    WriteObject(info);
                }
                catch (SocketException ex)
                {
                    owned.Dispose();
                    throw new Errors.MaintenanceModeException(ErrorIds.PreviewPortUnavailable,
                        $"The preview cannot listen on 127.0.0.1:{Port}: {ex.Message}. Choose another -Port, or leave it out for a free one.", ex);
                }
                catch
                {
                    owned.Dispose();
                    throw;
                }
            });
        }
    }
}
