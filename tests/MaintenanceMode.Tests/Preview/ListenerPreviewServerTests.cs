using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using MaintenanceMode.Preview;
using MaintenanceMode.Tests.Routing;

namespace MaintenanceMode.Tests.Preview
{
    /// <summary>The preview server over a real loopback socket, answering from an in-memory listener.</summary>
    public sealed class ListenerPreviewServerTests : IDisposable
    {
        private readonly SampleListener _listener = new SampleListener(inMaintenance: true);
        private readonly ListenerPreviewServer _server;
        private readonly HttpClient _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false });
        private DateTimeOffset _now = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
        private int _reads;
        private Exception? _readFailure;

        public ListenerPreviewServerTests()
        {
            _server = ListenerPreviewServer.Start(ct =>
            {
                _reads++;
                if (_readFailure != null) throw _readFailure;
                return Task.FromResult(_listener.Read());
            }, clock: () => _now);
        }

        public void Dispose()
        {
            _http.Dispose();
            _server.Dispose();
        }

        private Task<HttpResponseMessage> SendAsync(string pathAndQuery, string? host = null, string? forwardedFor = null, HttpMethod? method = null)
        {
            var message = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(_server.Url, pathAndQuery));
            if (host != null) message.Headers.Add("X-Forwarded-Host", host);
            if (forwardedFor != null) message.Headers.Add("X-Forwarded-For", forwardedFor);
            return _http.SendAsync(message);
        }

        [Fact]
        public void Listens_on_the_loopback_on_a_free_port()
        {
            Assert.Equal("127.0.0.1", _server.Url.Host);
            Assert.NotEqual(0, _server.Port);
        }

        [Fact]
        public async Task Serves_the_maintenance_page_to_the_public()
        {
            using var response = await SendAsync("/cart", forwardedFor: "198.51.100.1");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
            Assert.Equal(SampleListener.Page, await response.Content.ReadAsStringAsync());
            Assert.Equal("maintenance", response.Headers.GetValues(PreviewResponder.RoleHeader).Single());
            Assert.True(response.Headers.CacheControl!.NoStore);
        }

        [Fact]
        public async Task Lets_an_allowed_address_through_to_the_bypass()
        {
            using var response = await SendAsync("/cart", forwardedFor: "203.0.113.7");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("bypass", response.Headers.GetValues(PreviewResponder.RoleHeader).Single());
            Assert.StartsWith("forward: target group web-b", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Answers_with_the_rules_as_they_are_once_they_are_older_than_a_second()
        {
            using (var before = await SendAsync("/"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
            }

            // Maintenance ends: the module's rules go. Within the second the old rules still answer.
            foreach (var rule in _listener.Elb.StoredRules(_listener.ListenerArn).Where(r => !r.IsDefault && _listener.Elb.StoredTags(r.RuleArn!).Any(t => t.Key == ModuleTags.Role)).ToList())
            {
                await _listener.Elb.DeleteRuleAsync(rule.RuleArn!);
            }

            using (var cached = await SendAsync("/"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, cached.StatusCode);
            }

            _now = _now.AddSeconds(1);
            using (var fresh = await SendAsync("/"))
            {
                Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
                Assert.Equal("default", fresh.Headers.GetValues(PreviewResponder.RuleHeader).Single());
            }

            Assert.Equal(2, _reads);
        }

        [Fact]
        public async Task Host_header_rules_see_the_forwarded_host_not_the_preview_address()
        {
            var outside = new SampleListener();
            using var server = ListenerPreviewServer.Start(ct => Task.FromResult(outside.Read()));
            using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "/")) { Headers = { { "X-Forwarded-Host", "app1.example.com" } } };

            using var response = await _http.SendAsync(message);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("1", response.Headers.GetValues(PreviewResponder.RuleHeader).Single());
            Assert.StartsWith("forward: target group web-a", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task A_redirect_is_sent_with_its_location_and_not_followed()
        {
            var outside = new SampleListener();
            using var server = ListenerPreviewServer.Start(ct => Task.FromResult(outside.Read()));
            using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "/api/orders?id=7")) { Headers = { { "X-Forwarded-Host", "shop.example.com" } } };

            using var response = await _http.SendAsync(message);

            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal(new Uri("https://shop.example.com:443/api/orders?id=7"), response.Headers.Location);
        }

        [Fact]
        public async Task During_maintenance_the_page_comes_before_the_user_redirect()
        {
            using var response = await SendAsync("/api/orders?id=7", host: "shop.example.com", forwardedFor: "10.9.9.9");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        [Fact]
        public async Task A_head_request_gets_the_headers_without_the_body()
        {
            using var response = await SendAsync("/", method: HttpMethod.Head);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(Encoding.UTF8.GetByteCount(SampleListener.Page), response.Content.Headers.ContentLength);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task A_listener_that_cannot_be_read_is_a_502()
        {
            _readFailure = new InvalidOperationException("Rate exceeded");

            using var response = await SendAsync("/");

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Contains("Rate exceeded", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task A_request_that_is_no_http_gets_a_400()
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, _server.Port);
            using var stream = client.GetStream();
            var bytes = Encoding.ASCII.GetBytes("HELLO\r\n\r\n");
            await stream.WriteAsync(bytes, 0, bytes.Length);

            var answer = await new StreamReader(stream).ReadToEndAsync();

            Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);
        }

        [Fact]
        public async Task A_request_with_a_body_is_answered()
        {
            using var response = await _http.PostAsync(new Uri(_server.Url, "/?lang=fr"), new StringContent(new string('x', 100_000)));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        [Fact]
        public async Task Once_stopped_it_no_longer_listens()
        {
            _server.Dispose();

            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, _server.Port));
        }

        [Fact]
        public async Task Many_requests_at_once_share_one_read()
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync("/")));
            foreach (var response in responses)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                response.Dispose();
            }

            Assert.Equal(1, _reads);
        }
    }
}
