using System.Net;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;

namespace MaintenanceMode.Tests.Routing
{
    public sealed class RedirectLocationTests
    {
        private static readonly IncomingRequest Request =
            IncomingRequest.FromUri(new Uri("http://shop.example.com:8080/a/b?x=1"), "GET", IPAddress.Loopback);

        [Fact]
        public void Parts_left_out_keep_the_request_own()
        {
            Assert.Equal("http://shop.example.com:8080/a/b?x=1", RedirectLocation.Build(new RedirectActionConfig(), Request));
        }

        [Fact]
        public void Http_to_https_on_443()
        {
            var config = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" };

            Assert.Equal("https://shop.example.com:443/a/b?x=1", RedirectLocation.Build(config, Request));
            Assert.Equal(301, RedirectLocation.StatusOf(config));
        }

        [Fact]
        public void Placeholders_can_be_combined_in_any_part()
        {
            var config = new RedirectActionConfig { Host = "www.#{host}", Path = "/new/#{path}", Query = "from=#{port}&#{query}", StatusCode = "HTTP_302" };

            Assert.Equal("http://www.shop.example.com:8080/new/a/b?from=8080&x=1", RedirectLocation.Build(config, Request));
            Assert.Equal(302, RedirectLocation.StatusOf(config));
        }

        [Fact]
        public void An_empty_query_leaves_no_question_mark()
        {
            var config = new RedirectActionConfig { Host = "status.example.com", Path = "/", Query = string.Empty };

            Assert.Equal("http://status.example.com:8080/", RedirectLocation.Build(config, Request));
        }

        [Fact]
        public void The_request_describes_itself_without_header_values()
        {
            var request = IncomingRequest.FromUri(new Uri("https://shop.example.com/x"), "GET", IPAddress.Parse("192.0.2.1"),
                new[] { new System.Collections.Generic.KeyValuePair<string, string>("X-Secret", "hunter2") });

            Assert.Equal("GET https://shop.example.com:443/x from 192.0.2.1 with header X-Secret", request.Describe());
        }

        [Fact]
        public void A_relative_uri_is_refused()
        {
            Assert.Throws<ArgumentException>(() => IncomingRequest.FromUri(new Uri("/x", UriKind.Relative), "GET", IPAddress.Loopback));
        }
    }
}
