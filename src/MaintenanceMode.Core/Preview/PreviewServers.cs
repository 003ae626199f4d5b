using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Preview
{
    /// <summary>
    /// The previews running in this process, by id: Start-MaintenancePreview returns and Stop-MaintenancePreview
    /// ends them across separate commands, without either holding a server object (the cmdlet assembly may not
    /// lay out core types). A preview lives until it is stopped or the process ends.
    /// </summary>
    public static class PreviewServers
    {
        private static readonly ConcurrentDictionary<int, (ListenerPreviewServer Server, PreviewServerInfo Info)> Running =
            new ConcurrentDictionary<int, (ListenerPreviewServer, PreviewServerInfo)>();

        private static int s_nextId;

        /// <summary>
        /// Starts a preview of <paramref name="target"/> reading through <paramref name="context"/>, which the
        /// preview then owns (disposed when it stops). The rules are read once before this returns.
        /// </summary>
        /// <exception cref="System.Net.Sockets.SocketException">The port is taken.</exception>
        public static async Task<PreviewServerInfo> StartAsync(CommandContext context, ListenerTarget target, int port, CancellationToken ct)
        {
            var reader = new ListenerStateReader(context.Elb);
            var server = ListenerPreviewServer.Start(c => reader.ReadAsync(target, countLoadBalancerRules: false, c), port, owned: context);
            try
            {
                await server.WarmUpAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                server.Dispose();
                throw;
            }

            return Register(server, target);
        }

        public static PreviewServerInfo Register(ListenerPreviewServer server, ListenerTarget target)
        {
            var info = new PreviewServerInfo
            {
                Id = Interlocked.Increment(ref s_nextId),
                Url = server.Url.ToString(),
                ListenerArn = target.ListenerArn,
                LoadBalancerName = target.LoadBalancer.LoadBalancerName,
                ListenerPort = target.Listener.Port,
                StartedAt = DateTimeOffset.UtcNow,
            };
            Running[info.Id] = (server, info);
            return info;
        }

        public static IReadOnlyList<PreviewServerInfo> List() => Running.Values.Select(r => r.Info).OrderBy(i => i.Id).ToList();

        /// <summary>Stops a preview; false when none has this id (already stopped, or from another process).</summary>
        public static bool Stop(int id)
        {
            if (!Running.TryRemove(id, out var running))
            {
                return false;
            }

            running.Server.Dispose();
            return true;
        }
    }
}
