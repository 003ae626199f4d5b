using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using MaintenanceMode.IO;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Sends AWS Query-protocol actions (<c>POST /</c>, form body) over a signing HTTP client, retries
    /// transient errors under a <see cref="RetryPolicy"/>, and turns error responses into <see cref="Elbv2Exception"/>s.
    /// </summary>
    public sealed class QueryTransport : IQueryTransport, IDisposable
    {
        private static readonly MediaTypeHeaderValue FormContentType =
            new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };

        private readonly HttpMessageInvoker _http;
        private readonly bool _ownsHttp;
        private readonly QueryTransportOptions _options;
        private readonly RetryRunner _retry;

        /// <param name="endpoint">The service endpoint; requests go to its root path.</param>
        /// <param name="http">A client that signs requests (see <see cref="SignedHttpClientFactory"/>) with <see cref="QueryTransportOptions.ServiceName"/>. Not disposed by the transport.</param>
        public QueryTransport(Uri endpoint, HttpMessageInvoker http, QueryTransportOptions? options = null)
            : this(endpoint, http, ownsHttp: false, options)
        {
        }

        private QueryTransport(Uri endpoint, HttpMessageInvoker http, bool ownsHttp, QueryTransportOptions? options)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            if (!endpoint.IsAbsoluteUri) throw new ArgumentException("The endpoint must be an absolute URI.", nameof(endpoint));
            Endpoint = endpoint;
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _ownsHttp = ownsHttp;
            _options = options ?? new QueryTransportOptions();
            if (string.IsNullOrEmpty(_options.ServiceName)) throw new ArgumentException("A service name is required.", nameof(options));
            if (string.IsNullOrEmpty(_options.ApiVersion)) throw new ArgumentException("An API version is required.", nameof(options));
            _retry = new RetryRunner(_options.RetryPolicy ?? RetryPolicy.Default, _options);
        }

        /// <summary>A transport over a SigV4 client for <paramref name="credentials"/> and <paramref name="region"/>; it owns that client.</summary>
        /// <param name="innerHandler">Sends the signed requests; a fake in tests, the platform handler otherwise.</param>
        public static QueryTransport Create(
            Uri endpoint, AWSCredentials credentials, RegionEndpoint region, QueryTransportOptions? options = null, HttpMessageHandler? innerHandler = null)
        {
            options ??= new QueryTransportOptions();
            HttpClient http = SignedHttpClientFactory.Create(credentials, region, options.ServiceName, innerHandler);
            return new QueryTransport(endpoint, http, ownsHttp: true, options);
        }

        public Uri Endpoint { get; }

        public string ServiceName => _options.ServiceName;

        public string ApiVersion => _options.ApiVersion;

        /// <inheritdoc />
        public async Task<XElement> InvokeAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
        {
            XElement root = await InvokeForResponseAsync(action, parameters, cancellationToken).ConfigureAwait(false);
            return QueryResponseReader.FindResult(root, action);
        }

        /// <summary>
        /// Like <see cref="InvokeAsync"/> but returns the whole response element, for services such as EC2
        /// whose responses carry no <c>{Action}Result</c> wrapper.
        /// </summary>
        public Task<XElement> InvokeForResponseAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
        {
            // Encode once, before any attempt, so a bad parameter fails without a request.
            byte[] body = Encoding.UTF8.GetBytes(QueryFormEncoder.Encode(action, _options.ApiVersion, parameters));
            return _retry.RunAsync(action, token => SendOnceAsync(action, body, token), cancellationToken);
        }

        public void Dispose()
        {
            if (_ownsHttp) _http.Dispose();
        }

        private async Task<XElement> SendOnceAsync(string action, byte[] body, CancellationToken cancellationToken)
        {
            TimeSpan attemptTimeout = (_options.RetryPolicy ?? RetryPolicy.Default).AttemptTimeout;
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (attemptTimeout != Timeout.InfiniteTimeSpan) attemptCts.CancelAfter(attemptTimeout);

            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = FormContentType;

            HttpResponseMessage? response = null;
            string text;
            try
            {
                response = await _http.SendAsync(request, attemptCts.Token).ConfigureAwait(false);
                // Reading the body has no token on netstandard2.0: disposing the response ends a stalled read.
                using (attemptCts.Token.Register(r => ((HttpResponseMessage)r!).Dispose(), response))
                    text = await ReadBodyAsync(action, response).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                throw new OperationCanceledException($"{action} was cancelled.", e, cancellationToken);
            }
            catch (Exception e) when (attemptCts.IsCancellationRequested || e is OperationCanceledException)
            {
                // Cancelled, but not by the caller: the attempt timed out (ours, or an inner client's).
                response?.Dispose();
                throw Elbv2ExceptionFactory.Timeout(action, Endpoint, attemptTimeout, e);
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is SocketException)
            {
                response?.Dispose();
                throw Elbv2ExceptionFactory.ConnectionFailure(action, Endpoint, e);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                    throw QueryResponseReader.ReadError(action, _options.ServiceName, Endpoint, response.StatusCode, text);

                XElement? root = QueryResponseReader.TryParse(text, out XmlException? parseError);
                // A 2xx that is not XML is not retried: the action may have taken effect.
                return root ?? throw Elbv2ExceptionFactory.UnexpectedResponse(action, _options.ServiceName, Endpoint, response.StatusCode, text, parseError);
            }
        }

        /// <summary>
        /// The most of a response body that is read. The largest answer (a page of 400 rules in DescribeRules)
        /// is far smaller; a body past this is not an AWS answer, and is not read to its end.
        /// </summary>
        public const long MaxResponseBytes = 16L * 1024 * 1024;

        private async Task<string> ReadBodyAsync(string action, HttpResponseMessage response)
        {
            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                var bytes = await BoundedFile.ReadStream(stream, MaxResponseBytes, CancellationToken.None).ConfigureAwait(false)
                    ?? throw Elbv2ExceptionFactory.UnexpectedResponse(action, _options.ServiceName, Endpoint, response.StatusCode,
                        $"(a body of more than {MaxResponseBytes} bytes, not read to its end)");
                var text = Encoding.UTF8.GetString(bytes);
                return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
            }
        }
    }
}
