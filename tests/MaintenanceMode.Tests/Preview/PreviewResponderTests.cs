using System.Net;
using MaintenanceMode.Preview;
using MaintenanceMode.Routing;
using MaintenanceMode.Tests.Routing;

namespace MaintenanceMode.Tests.Preview
{
    public sealed class PreviewResponderTests
    {
        private static IncomingRequest Request(string host, string pathAndQuery, string source = "127.0.0.1", string method = "GET")
        {
            var head = PreviewHttpRequest.Parse($"{method} {pathAndQuery} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {source}");
            return ListenerPreviewServer.ToIncoming(head, IPAddress.Loopback, 50123);
        }

        private static string? Header(PreviewResponse response, string name) =>
            response.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

        [Fact]
        public void A_fixed_response_is_served_with_its_status_type_and_body()
        {
            var response = PreviewResponder.Respond(new SampleListener(inMaintenance: true).Read(), Request("shop.example.com", "/"));

            Assert.Equal(503, response.StatusCode);
            Assert.Equal("text/html; charset=utf-8", response.ContentType);
            Assert.Equal(SampleListener.Page, response.Body);
            Assert.Equal("2", Header(response, PreviewResponder.RuleHeader));
            Assert.Equal("maintenance", Header(response, PreviewResponder.RoleHeader));
        }

        [Fact]
        public void A_redirect_is_sent_with_its_status_and_location()
        {
            var response = PreviewResponder.Respond(new SampleListener().Read(), Request("shop.example.com:50123", "/api/orders?id=7"));

            Assert.Equal(301, response.StatusCode);
            Assert.Equal("https://shop.example.com:443/api/orders?id=7", Header(response, "Location"));
            Assert.Equal(string.Empty, response.Body);
            Assert.Null(Header(response, PreviewResponder.RoleHeader));
        }

        [Fact]
        public void A_forward_names_the_target_group_that_would_get_the_request()
        {
            var response = PreviewResponder.Respond(new SampleListener().Read(), Request("app1.example.com", "/"));

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("text/plain; charset=utf-8", response.ContentType);
            Assert.StartsWith("forward: target group web-a would get this request.\n", response.Body);
            Assert.Contains("rule: 1 arn:aws:elasticloadbalancing:", response.Body);
        }

        [Fact]
        public void A_weighted_forward_names_every_target_group_with_its_weight()
        {
            var response = PreviewResponder.Respond(new SampleListener().Read(), Request("shop.example.com", "/", source: "10.4.0.9"));

            Assert.StartsWith("forward: target groups web-a (weight 80), web-b (weight 20) would get this request.", response.Body);
        }

        [Fact]
        public void The_client_address_comes_from_x_forwarded_for_so_the_bypass_can_be_tried()
        {
            var state = new SampleListener(inMaintenance: true).Read();

            var allowed = PreviewResponder.Respond(state, Request("shop.example.com", "/", source: "203.0.113.7, 10.0.0.1"));
            var other = PreviewResponder.Respond(state, Request("shop.example.com", "/", source: "198.51.100.1"));

            Assert.Equal("bypass", Header(allowed, PreviewResponder.RoleHeader));
            Assert.Equal(200, allowed.StatusCode);
            Assert.Equal(503, other.StatusCode);
        }

        [Fact]
        public void Without_x_forwarded_for_the_connecting_address_is_the_client()
        {
            var head = PreviewHttpRequest.Parse("GET / HTTP/1.1\r\nHost: shop.example.com");

            Assert.Equal(IPAddress.Parse("10.4.1.1"), ListenerPreviewServer.ClientAddress(head, IPAddress.Parse("10.4.1.1")));
            Assert.Equal(IPAddress.Loopback, ListenerPreviewServer.ClientAddress(head, IPAddress.Loopback.MapToIPv6()));
        }

        [Fact]
        public void The_host_header_loses_its_port_and_the_preview_port_is_the_request_port()
        {
            var request = Request("App1.Example.com:50123", "/x?y=1");

            Assert.Equal("App1.Example.com", request.Host);
            Assert.Equal(50123, request.Port);
            Assert.Equal("/x", request.Path);
            Assert.Equal("y=1", request.RawQuery);
        }

        [Fact]
        public void A_read_failure_is_a_502_that_says_why()
        {
            var response = PreviewResponder.Failure("Rate exceeded");

            Assert.Equal(502, response.StatusCode);
            Assert.Contains("Rate exceeded", response.Body);
        }

        [Theory]
        [InlineData("GET /")]
        [InlineData("GET / HTTP/2")]
        [InlineData("GET  / HTTP/1.1")]
        public void A_head_that_is_no_http1_request_is_refused(string line)
        {
            Assert.Throws<System.IO.InvalidDataException>(() => PreviewHttpRequest.Parse(line + "\r\nHost: x"));
        }
    }
}
