using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MaintenanceMode.Tests.Input
{
    /// <summary>
    /// A raw HTTP/1.1 server on 127.0.0.1 that answers every request with one fixed response and records the
    /// request lines it saw. Raw sockets, so a test controls the exact status line and headers (a 307, a
    /// body that never ends) that HttpListener would tidy up.
    /// </summary>
    internal sealed class LoopbackHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Func<string, Stream, CancellationToken, Task> _respond;

        /// <param name="respond">Writes the response to the stream, given the request line.</param>
        public LoopbackHttpServer(Func<string, Stream, CancellationToken, Task> respond)
        {
            _respond = respond;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public Uri Url => new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public ConcurrentQueue<string> Requests { get; } = new ConcurrentQueue<string>();

        /// <summary>Answers with a fixed status, headers and body, then closes the connection.</summary>
        public static LoopbackHttpServer Answering(string statusLine, string headers, string body = "") =>
            new LoopbackHttpServer(async (_, stream, ct) =>
            {
                var bytes = Encoding.UTF8.GetBytes($"HTTP/1.1 {statusLine}\r\n{headers}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");
                await stream.WriteAsync(bytes, 0, bytes.Length, ct).ConfigureAwait(false);
            });

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream).ConfigureAwait(false);
                    var requestLine = head.Split('\n')[0].Trim();
                    Requests.Enqueue(requestLine);
                    await _respond(requestLine, stream, _stop.Token).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The client went away (it gave up on an endless body): nothing to answer.
                }
            }
        }

        // Up to the blank line; the body (a signed form, an S3 PUT) is not needed.
        private static async Task<string> ReadHeadAsync(Stream stream)
        {
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 65536)
            {
                if (await stream.ReadAsync(buffer, 0, 1).ConfigureAwait(false) == 0)
                {
                    break;
                }

                head.Append((char)buffer[0]);
            }

            return head.ToString();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
