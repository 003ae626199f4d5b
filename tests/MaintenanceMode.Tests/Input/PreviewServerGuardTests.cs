using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MaintenanceMode.Preview;
using MaintenanceMode.Tests.Routing;

namespace MaintenanceMode.Tests.Input
{
    /// <summary>The preview answers only this machine's host names, and serves a bounded number of connections.</summary>
    public sealed class PreviewServerGuardTests : IDisposable
    {
        private readonly SampleListener _listener = new SampleListener(inMaintenance: true);
        private readonly ListenerPreviewServer _server;
        private int _reads;

        public PreviewServerGuardTests()
        {
            _server = ListenerPreviewServer.Start(ct =>
            {
                Interlocked.Increment(ref _reads);
                return Task.FromResult(_listener.Read());
            });
        }

        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("127.0.0.1:8080")]
        [InlineData("127.9.9.9")]
        [InlineData("localhost:8080")]
        [InlineData("LOCALHOST")]
        [InlineData("preview.localhost")]
        [InlineData("[::1]:8080")]
        public void Takes_the_names_of_this_machine(string host)
        {
            Assert.True(ListenerPreviewServer.IsLoopbackHost(host));
        }

        [Theory]
        [InlineData("attacker.example")]
        [InlineData("attacker.example:8080")]
        [InlineData("127.0.0.1.attacker.example")]
        [InlineData("localhost.attacker.example")]
        [InlineData("10.0.0.5")]
        [InlineData("")]
        [InlineData(null)]
        public void Refuses_any_other_host(string? host)
        {
            Assert.False(ListenerPreviewServer.IsLoopbackHost(host));
        }

        [Fact]
        public async Task A_request_for_another_host_gets_421_and_reads_no_rules()
        {
            // What a page at attacker.example sends once its name resolves to 127.0.0.1 (DNS rebinding).
            var answer = await SendRawAsync($"GET / HTTP/1.1\r\nHost: attacker.example:{_server.Port}\r\nX-Forwarded-Host: shop.example.com\r\n\r\n");

            Assert.StartsWith("HTTP/1.1 421 ", answer);
            Assert.Contains("X-Forwarded-Host", answer);
            Assert.Equal(0, _reads);
        }

        [Fact]
        public async Task A_request_for_this_machine_is_answered_from_the_rules()
        {
            var answer = await SendRawAsync($"GET / HTTP/1.1\r\nHost: localhost:{_server.Port}\r\n\r\n");

            Assert.StartsWith("HTTP/1.1 503 ", answer); // the maintenance page
            Assert.Contains(PreviewResponder.RuleHeader, answer);
            Assert.Equal(1, _reads);
        }

        [Fact]
        public async Task One_connection_over_the_cap_is_refused_and_the_held_ones_are_still_served()
        {
            var held = new List<TcpClient>();
            try
            {
                for (var i = 0; i < ListenerPreviewServer.MaxConnections; i++)
                {
                    var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, _server.Port);
                    held.Add(client); // connected, sending nothing: each holds a slot
                }

                // Connections are accepted in order, so by the time this one is, every slot above is taken.
                var over = await SendRawAsync($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{_server.Port}\r\n\r\n");
                Assert.StartsWith("HTTP/1.1 503 ", over);
                Assert.Contains($"at most {ListenerPreviewServer.MaxConnections} connections", over);
                Assert.Equal(0, _reads);

                // A held connection was accepted and is served when it speaks.
                var first = held[0].GetStream();
                var request = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{_server.Port}\r\n\r\n");
                await first.WriteAsync(request);
                var answer = await new StreamReader(first, Encoding.UTF8).ReadToEndAsync();
                Assert.Contains(PreviewResponder.RuleHeader, answer);
            }
            finally
            {
                held.ForEach(c => c.Dispose());
            }
        }

        private async Task<string> SendRawAsync(string request)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, _server.Port);
            var stream = client.GetStream();
            var bytes = Encoding.ASCII.GetBytes(request);
            await stream.WriteAsync(bytes);
            return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        }

        public void Dispose() => _server.Dispose();
    }
}
