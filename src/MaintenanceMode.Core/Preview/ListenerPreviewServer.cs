using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Routing;
using MaintenanceMode.Listeners;

namespace MaintenanceMode.Preview
{
    /// <summary>
    /// A loopback HTTP server that answers every request as a listener's live rules would (see
    /// <see cref="PreviewResponder"/>), so curl or a browser shows the maintenance page, the bypass and the
    /// redirects before (or while) real traffic sees them. It listens on 127.0.0.1 only.
    /// </summary>
    /// <remarks>
    /// <para>A plain TcpListener rather than HttpListener: HttpListener picks its handler by the Host header, so
    /// a request for "shop.example.com" (what host-header rules need) would never reach it; and port 0 gives a
    /// free port with no race between finding one and binding it.</para>
    /// <para>Only requests whose Host header names this machine are answered (others get 421), so a web page
    /// cannot reach the preview by rebinding its own DNS name to 127.0.0.1; at most <see cref="MaxConnections"/>
    /// connections are served at once.</para>
    /// <para>The request seen by the rules: Host from X-Forwarded-Host, else the Host header (without its port); path, query and method
    /// as sent; the source address for source-ip conditions is the first address in X-Forwarded-For when the
    /// request has one (so <c>curl -H "X-Forwarded-For: 203.0.113.7"</c> tries an allowed address), else the
    /// connecting address (127.0.0.1). #{protocol}, #{port} and #{host} in redirects are the preview's own
    /// (http, its port, the Host sent), so a redirect that keeps them stays on the preview.</para>
    /// </remarks>
    public sealed class ListenerPreviewServer : IDisposable
    {
        public static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Connections served at once; one more is answered 503 and closed. Without a cap, anything on the
        /// machine could open connections that send nothing, each holding a task until its timeout.
        /// </summary>
        public const int MaxConnections = 32;

        // A client that sends nothing must not hold a connection (and a task) forever.
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

        private readonly SemaphoreSlim _slots = new SemaphoreSlim(MaxConnections, MaxConnections);

        private readonly TcpListener _listener;
        private readonly CachedListenerState _state;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly IDisposable? _owned;
        private Task? _acceptLoop;
        private int _requests;
        private int _disposed;

        private ListenerPreviewServer(TcpListener listener, CachedListenerState state, IDisposable? owned)
        {
            _listener = listener;
            _state = state;
            _owned = owned;
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public int Port { get; }

        public Uri Url => new Uri("http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/");

        /// <summary>Requests answered so far.</summary>
        public int Requests => _requests;

        /// <summary>Starts listening on 127.0.0.1.</summary>
        /// <param name="readState">Reads the listener's rules; called at most once per <paramref name="refresh"/>.</param>
        /// <param name="port">The port, or 0 for a free one.</param>
        /// <param name="refresh">How old the rules may be; default one second.</param>
        /// <param name="clock">The time, for the refresh; default the system clock.</param>
        /// <param name="owned">Disposed with the server (the clients <paramref name="readState"/> uses).</param>
        /// <exception cref="SocketException">The port is taken.</exception>
        public static ListenerPreviewServer Start(Func<CancellationToken, Task<ListenerState>> readState, int port = 0, TimeSpan? refresh = null,
            Func<DateTimeOffset>? clock = null, IDisposable? owned = null)
        {
            var state = new CachedListenerState(readState, refresh ?? DefaultRefresh, clock ?? (() => DateTimeOffset.UtcNow));
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            var server = new ListenerPreviewServer(listener, state, owned);
            server._acceptLoop = Task.Run(server.AcceptLoopAsync);
            return server;
        }

        /// <summary>Reads the rules once now, so a listener that cannot be read fails at start, not at the first request.</summary>
        public Task WarmUpAsync(CancellationToken ct) => _state.GetAsync(ct);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _stopping.Cancel();
            _listener.Stop();
            // _slots is left undisposed: connections still being served release it as they end.
            try
            {
                _acceptLoop?.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends with the listener's socket; how it ended does not matter any more.
            }

            _owned?.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException)
                {
                    if (_stopping.IsCancellationRequested) return;
                    continue; // one failed accept (a client that reset at once) does not stop the server
                }

                if (!_slots.Wait(0))
                {
                    _ = Task.Run(() => RefuseAsync(client));
                    continue;
                }

                _ = Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(client).ConfigureAwait(false);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                });
            }
        }

        // Over the cap: a short answer without reading the request, then the connection is closed.
        private async Task RefuseAsync(TcpClient client)
        {
            using (client)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                timeout.CancelAfter(RequestTimeout);
                try
                {
                    var busy = new PreviewResponse(503, "text/plain; charset=utf-8", $"The preview serves at most {MaxConnections} connections at once; retry.\n");
                    var stream = client.GetStream();
                    await WriteAsync(stream, busy, headOnly: false, timeout.Token).ConfigureAwait(false);
                    // Closing with the request unread would reset the connection and could lose the answer:
                    // say that nothing more comes, then drain what the client sent (bounded) until it closes.
                    client.Client.Shutdown(SocketShutdown.Send);
                    var discard = new byte[4096];
                    var drained = 0;
                    int read;
                    while (drained < PreviewHttpRequest.MaxHeadBytes && (read = await stream.ReadAsync(discard, 0, discard.Length, timeout.Token).ConfigureAwait(false)) > 0)
                    {
                        drained += read;
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
                {
                    // Gone already.
                }
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                timeout.CancelAfter(RequestTimeout);
                try
                {
                    var stream = client.GetStream();
                    PreviewResponse response;
                    PreviewHttpRequest? head = null;
                    try
                    {
                        head = await PreviewHttpRequest.ReadAsync(stream, timeout.Token).ConfigureAwait(false);
                        if (head == null) return;
                        response = IsLoopbackHost(head.Header("Host"))
                            ? await AnswerAsync(head, (IPEndPoint)client.Client.RemoteEndPoint, timeout.Token).ConfigureAwait(false)
                            : Misdirected(head.Header("Host"));
                    }
                    catch (InvalidDataException ex)
                    {
                        response = new PreviewResponse(400, "text/plain; charset=utf-8", ex.Message + "\n");
                    }

                    await WriteAsync(stream, response, head?.Method == "HEAD", timeout.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _requests);
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
                {
                    // The client went away or the server is stopping: nobody is left to answer.
                }
            }
        }

        private async Task<PreviewResponse> AnswerAsync(PreviewHttpRequest head, IPEndPoint peer, CancellationToken ct)
        {
            var request = ToIncoming(head, peer.Address, Port);
            ListenerState state;
            try
            {
                state = await _state.GetAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
            {
                return PreviewResponder.Failure(ex.Message);
            }

            return PreviewResponder.Respond(state, request);
        }

        /// <summary>
        /// True when the Host header names this machine: 127.0.0.1 (any 127/8), ::1, localhost or a name under
        /// .localhost, with any port. A browser page that rebinds its own DNS name to 127.0.0.1 still sends that
        /// name as Host, so it gets no answer; the host the rules see is sent as X-Forwarded-Host instead.
        /// </summary>
        public static bool IsLoopbackHost(string? hostHeader)
        {
            if (string.IsNullOrWhiteSpace(hostHeader))
            {
                return false; // HTTP/1.1 requires Host; every client sends one
            }

            var host = HostOf(hostHeader!).Trim('[', ']').TrimEnd('.');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
        }

        private static PreviewResponse Misdirected(string? hostHeader) => new PreviewResponse(421, "text/plain; charset=utf-8",
            $"The preview answers only requests for this machine (Host: 127.0.0.1, localhost or ::1), not for '{hostHeader}'. " +
            "To try a host-header rule, send its host as X-Forwarded-Host: curl -H 'X-Forwarded-Host: shop.example.com' URL\n");

        /// <summary>The request as the listener's rules see it; see the remarks of this class.</summary>
        public static IncomingRequest ToIncoming(PreviewHttpRequest head, IPAddress peer, int port)
        {
            var target = head.Target;
            string path = target, query = string.Empty;
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                path = absolute.AbsolutePath;
                query = absolute.Query;
            }
            else
            {
                var mark = target.IndexOf('?');
                if (mark >= 0)
                {
                    path = target.Substring(0, mark);
                    query = target.Substring(mark + 1);
                }
            }

            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                path = "/"; // "*" of OPTIONS, or nonsense: the root is the closest thing a rule can match
            }

            var host = head.Header("X-Forwarded-Host")?.Split(',')[0] ?? head.Header("Host") ?? absolute?.Host ?? "127.0.0.1";
            var request = new IncomingRequest("http", port, HostOf(host), path, query, head.Method, ClientAddress(head, peer));
            request.Headers.AddRange(head.Headers);
            return request;
        }

        /// <summary>The first valid address of X-Forwarded-For, else the connecting address.</summary>
        public static IPAddress ClientAddress(PreviewHttpRequest head, IPAddress peer)
        {
            var forwarded = head.Header("X-Forwarded-For");
            var first = forwarded?.Split(',').Select(a => a.Trim()).FirstOrDefault();
            if (first != null && IPAddress.TryParse(first, out var address))
            {
                return address;
            }

            return peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        }

        private static string HostOf(string hostHeader)
        {
            var host = hostHeader.Trim();
            if (host.StartsWith("[", StringComparison.Ordinal))
            {
                var close = host.IndexOf(']');
                return close > 0 ? host.Substring(0, close + 1) : host;
            }

            var colon = host.LastIndexOf(':');
            return colon >= 0 ? host.Substring(0, colon) : host;
        }

        private static async Task WriteAsync(Stream stream, PreviewResponse response, bool headOnly, CancellationToken ct)
        {
            var body = Encoding.UTF8.GetBytes(response.Body);
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase(response.StatusCode)).Append("\r\n");
            head.Append("Content-Type: ").Append(Clean(response.ContentType)).Append("\r\n");
            head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            foreach (var header in response.Headers)
            {
                head.Append(header.Key).Append(": ").Append(Clean(header.Value)).Append("\r\n");
            }

            // A browser must not keep an old answer: the point of the preview is to see the rules as they are now.
            head.Append("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
            var headBytes = Encoding.UTF8.GetBytes(head.ToString());
            await stream.WriteAsync(headBytes, 0, headBytes.Length, ct).ConfigureAwait(false);
            if (!headOnly)
            {
                await stream.WriteAsync(body, 0, body.Length, ct).ConfigureAwait(false);
            }

            await stream.FlushAsync(ct).ConfigureAwait(false);
        }

        // A header value from a rule must not be able to start a new header line.
        private static string Clean(string value) => value.Replace("\r", string.Empty).Replace("\n", string.Empty);

        private static string ReasonPhrase(int status)
        {
            switch (status)
            {
                case 200: return "OK";
                case 301: return "Moved Permanently";
                case 302: return "Found";
                case 400: return "Bad Request";
                case 403: return "Forbidden";
                case 404: return "Not Found";
                case 421: return "Misdirected Request";
                case 500: return "Internal Server Error";
                case 502: return "Bad Gateway";
                case 503: return "Service Unavailable";
                case 504: return "Gateway Timeout";
                default: return "Status " + status.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
