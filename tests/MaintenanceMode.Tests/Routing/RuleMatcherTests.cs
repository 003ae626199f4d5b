using System.Net;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Routing
{
    public class RuleMatcherTests
    {
        private static HttpRequestSample Get(string host = "www.example.com", string path = "/", string method = "GET", string ip = "198.51.100.7") =>
            new HttpRequestSample(host, path, method, IPAddress.Parse(ip));

        private static bool Holds(RuleCondition condition, HttpRequestSample request) => RuleMatcher.Matches(condition, request);

        [Theory]
        [InlineData("*.example.com", "API.Example.COM", true)]
        [InlineData("*.example.com", "example.com", false)]
        [InlineData("api?.example.com", "api1.example.com", true)]
        [InlineData("api?.example.com", "api.example.com", false)]
        [InlineData("www.example.com", "www.example.com.evil.net", false)]
        public void Host_header_is_case_insensitive_with_wildcards(string pattern, string host, bool expected) =>
            Assert.Equal(expected, Holds(Host(pattern), Get(host: host)));

        [Theory]
        [InlineData("/img/*", "/img/a.png", true)]
        [InlineData("/img/*", "/IMG/a.png", false)]
        [InlineData("/v?/x", "/v2/x", true)]
        [InlineData("/a", "/a/b", false)]
        public void Path_pattern_is_case_sensitive_with_wildcards(string pattern, string path, bool expected) =>
            Assert.Equal(expected, Holds(Path(pattern), Get(path: path)));

        [Fact]
        public void Legacy_values_and_typed_config_both_count()
        {
            Assert.True(Holds(LegacyPath("/old"), Get(path: "/old")));
            var mirrored = Path("/new");
            mirrored.Values = new List<string> { "/new" };
            Assert.True(Holds(mirrored, Get(path: "/new")));
            Assert.True(Holds(new RuleCondition { Field = "host-header", Values = new List<string> { "a.example.com" } }, Get(host: "A.example.com")));
        }

        [Fact]
        public void Http_header_names_and_values_are_case_insensitive_and_repeats_are_searched()
        {
            var condition = Header("X-Env", "beta*", "qa");
            Assert.True(Holds(condition, Get().WithHeader("x-env", "BETA-2")));
            Assert.True(Holds(condition, Get().WithHeader("X-Env", "prod").WithHeader("X-ENV", "qa")));
            Assert.False(Holds(condition, Get().WithHeader("X-Env", "prod")));
            Assert.False(Holds(condition, Get().WithHeader("X-Other", "qa")));
        }

        [Fact]
        public void Query_string_pairs_take_an_optional_key_wildcards_and_escapes()
        {
            Assert.True(Holds(Query("Version", "v2*"), Get().WithQuery("version", "V2.1")));
            Assert.False(Holds(Query("version", "v2"), Get().WithQuery("other", "v2")));
            Assert.True(Holds(Query(null, "v2"), Get().WithQuery("anything", "v2")));
            Assert.True(Holds(Query("q", @"a\*"), Get().WithQuery("q", "a*")));
            Assert.False(Holds(Query("q", @"a\*"), Get().WithQuery("q", "ab")));
        }

        [Fact]
        public void Method_is_exact_and_case_sensitive()
        {
            Assert.True(Holds(Method("GET", "HEAD"), Get(method: "HEAD")));
            Assert.False(Holds(Method("GET"), Get(method: "get")));
        }

        [Theory]
        [InlineData("10.0.0.0/8", "10.9.8.7", true)]
        [InlineData("10.0.0.0/8", "11.0.0.1", false)]
        [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
        [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
        public void Source_ip_uses_cidr_blocks(string cidr, string ip, bool expected) =>
            Assert.Equal(expected, Holds(Source(cidr), Get(ip: ip)));

        [Fact]
        public void Regex_values_must_match_the_whole_field()
        {
            var host = new RuleCondition { Field = "host-header", HostHeaderConfig = new HostHeaderConditionConfig { RegexValues = new List<string> { @"(api|www)\.example\.com" } } };
            Assert.True(Holds(host, Get(host: "API.example.com")));
            Assert.False(Holds(host, Get(host: "api.example.com.evil.net")));
            var path = new RuleCondition { Field = "path-pattern", RegexValues = new List<string> { "/v[0-9]+/users" } };
            Assert.True(Holds(path, Get(path: "/v12/users")));
            Assert.False(Holds(path, Get(path: "/v12/users/1")));
            var header = new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-Client", RegexValues = new List<string> { "app-[0-9]+" } } };
            Assert.True(Holds(header, Get().WithHeader("x-client", "app-7")));
        }

        [Fact]
        public void Rules_are_tried_by_priority_whatever_their_order_and_the_default_comes_last()
        {
            var rules = new List<Rule>
            {
                new Rule { RuleArn = "default", Priority = "default", IsDefault = true, Actions = Forward("default") },
                new Rule { RuleArn = "r20", Priority = "20", Conditions = When(Path("/*")), Actions = Forward("all") },
                new Rule { RuleArn = "r3", Priority = "3", Conditions = When(Path("/api/*"), Method("POST")), Actions = Forward("api") },
            };

            Assert.Equal("r3", RuleMatcher.Match(rules, Get(path: "/api/x", method: "POST"))!.RuleArn);
            Assert.Equal("r20", RuleMatcher.Match(rules, Get(path: "/api/x"))!.RuleArn);
            rules.RemoveAt(1);
            Assert.Equal("default", RuleMatcher.Match(rules, Get(path: "/x"))!.RuleArn);
        }

        [Fact]
        public void Values_within_a_condition_are_alternatives_and_conditions_must_all_hold()
        {
            var rule = new Rule { Priority = "1", Conditions = When(Host("a.example.com", "b.example.com"), Path("/x")), Actions = Forward("x") };
            Assert.True(RuleMatcher.Matches(rule, Get(host: "b.example.com", path: "/x")));
            Assert.False(RuleMatcher.Matches(rule, Get(host: "b.example.com", path: "/y")));
        }
    }
}
