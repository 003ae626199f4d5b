using System.Net;
using MaintenanceMode.Routing;

namespace MaintenanceMode.Tests.Routing
{
    public sealed class RouteResolverTests
    {
        private static readonly IPAddress Internet = IPAddress.Parse("192.0.2.1");

        private static IncomingRequest Get(string uri, string? sourceIp = null, string method = "GET", params (string Name, string Value)[] headers) =>
            IncomingRequest.FromUri(new Uri(uri), method, sourceIp == null ? Internet : IPAddress.Parse(sourceIp),
                headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));

        private static Task<ListenerRoute> Resolve(SampleListener listener, IncomingRequest request) =>
            new RouteResolver(listener.Elb).ResolveAsync(listener.Target, request, CancellationToken.None);

        [Theory]
        [InlineData("https://app1.example.com/", "1", "forward to web-a")]
        [InlineData("https://APP1.Example.com/anything", "1", "forward to web-a")]
        [InlineData("https://shop.example.com/api/orders?id=7", "2", "redirect 301 to https://#{host}:443/#{path}?#{query}")]
        [InlineData("https://shop.example.com/API/orders", "default", "forward to web-b")]
        [InlineData("https://shop.example.com/item/42", "6", "fixed-response 200 text/plain")]
        [InlineData("https://shop.example.com/item/4x", "default", "forward to web-b")]
        [InlineData("https://shop.example.com/", "default", "forward to web-b")]
        public async Task Finds_the_rule_as_alb_would(string uri, string priority, string action)
        {
            var route = await Resolve(new SampleListener(), Get(uri));

            Assert.Equal(priority, route.Priority);
            Assert.Equal(priority == "default", route.IsDefault);
            Assert.Equal(action, route.Action);
            Assert.Null(route.Role);
            Assert.False(route.IsMaintenancePage);
        }

        [Fact]
        public async Task Rules_are_tried_by_priority_whatever_order_the_service_lists_them_in()
        {
            // app1 and /api/* both hold; the fake lists rules shuffled, priority 1 must still win.
            var route = await Resolve(new SampleListener(), Get("https://app1.example.com/api/x"));

            Assert.Equal("1", route.Priority);
        }

        [Fact]
        public async Task A_header_condition_matches_the_header_value_without_case()
        {
            var listener = new SampleListener();

            var with = await Resolve(listener, Get("https://shop.example.com/", headers: ("x-canary", "GROUP-3")));
            var other = await Resolve(listener, Get("https://shop.example.com/", headers: ("X-Canary", "group-4")));

            Assert.Equal("3", with.Priority);
            Assert.Equal("default", other.Priority);
        }

        [Fact]
        public async Task A_source_ip_condition_sees_the_client_address()
        {
            var listener = new SampleListener();

            var inside = await Resolve(listener, Get("https://shop.example.com/", "10.4.200.1"));
            var outside = await Resolve(listener, Get("https://shop.example.com/", "10.5.0.1"));

            Assert.Equal("4", inside.Priority);
            Assert.Equal("forward to web-a (weight 80), web-b (weight 20)", inside.Action);
            Assert.Equal("default", outside.Priority);
        }

        [Fact]
        public async Task Query_and_method_conditions_must_both_hold()
        {
            var listener = new SampleListener();

            Assert.Equal("5", (await Resolve(listener, Get("https://shop.example.com/?lang=FR", method: "POST"))).Priority);
            Assert.Equal("default", (await Resolve(listener, Get("https://shop.example.com/?lang=fr", method: "GET"))).Priority);
            Assert.Equal("default", (await Resolve(listener, Get("https://shop.example.com/?lang=de", method: "POST"))).Priority);
        }

        [Fact]
        public async Task A_query_value_is_decoded_before_it_is_matched()
        {
            var route = await Resolve(new SampleListener(), Get("https://shop.example.com/?l%61ng=f%72", method: "POST"));

            Assert.Equal("5", route.Priority);
        }

        [Fact]
        public async Task A_redirect_gives_the_location_alb_would_send()
        {
            var route = await Resolve(new SampleListener(), Get("http://shop.example.com/api/orders?id=7&x=a%20b"));

            Assert.Equal("https://shop.example.com:443/api/orders?id=7&x=a%20b", route.RedirectLocation);
        }

        [Fact]
        public async Task Describes_the_request_and_the_rule()
        {
            var listener = new SampleListener();
            var route = await Resolve(listener, Get("https://app1.example.com/cart?id=1"));

            Assert.Equal(listener.ListenerArn, route.ListenerArn);
            Assert.Equal("shop", route.LoadBalancerName);
            Assert.Equal(80, route.Port);
            Assert.Equal("GET https://app1.example.com:443/cart?id=1 from 192.0.2.1", route.Request);
            Assert.StartsWith("arn:aws:elasticloadbalancing:", route.RuleArn);
            Assert.Equal("host-header", Assert.Single(route.Conditions).Field);
            Assert.Equal("forward", Assert.Single(route.Actions).Type);
            Assert.Equal(7, route.RulesEvaluated);
        }

        [Fact]
        public async Task Header_values_never_appear_in_the_route()
        {
            var route = await Resolve(new SampleListener(), Get("https://shop.example.com/", headers: ("X-Bypass", "s3cret-value")));

            Assert.Contains("X-Bypass", route.Request);
            Assert.DoesNotContain("s3cret-value", route.Request);
            Assert.DoesNotContain("s3cret-value", System.Text.Json.JsonSerializer.Serialize(route));
        }

        [Fact]
        public async Task During_maintenance_the_public_gets_the_page_rule()
        {
            var route = await Resolve(new SampleListener(inMaintenance: true), Get("https://app1.example.com/", "198.51.100.1"));

            Assert.Equal("2", route.Priority);
            Assert.Equal("maintenance", route.Role);
            Assert.True(route.IsMaintenancePage);
            Assert.False(route.IsBypass);
            Assert.Equal("fixed-response 503 text/html", route.Action);
        }

        [Fact]
        public async Task During_maintenance_an_allowed_address_gets_the_bypass_copy()
        {
            var route = await Resolve(new SampleListener(inMaintenance: true), Get("https://shop.example.com/", "203.0.113.7"));

            Assert.Equal("1", route.Priority);
            Assert.True(route.IsBypass);
            Assert.False(route.IsMaintenancePage);
            Assert.Equal("forward to web-b", route.Action);
        }

        [Fact]
        public void Without_a_listed_default_rule_the_listener_default_actions_answer()
        {
            var listener = new SampleListener();
            var state = listener.Read();
            var withoutDefault = new MaintenanceMode.Listeners.ListenerState(state.LoadBalancer, state.Listener,
                state.Rules.Where(r => !r.IsDefault).ToList(), state.RuleTags, state.ListenerTags, state.RulesOnLoadBalancer);

            var route = RouteResolver.Resolve(withoutDefault, Get("https://shop.example.com/"));

            Assert.True(route.IsDefault);
            Assert.Null(route.RuleArn);
            Assert.Equal("forward to web-b", route.Action);
        }
    }
}
