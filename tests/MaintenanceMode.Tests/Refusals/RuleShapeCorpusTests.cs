using System.Net;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;
using static MaintenanceMode.Tests.Planning.Build;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Refusals
{
    /// <summary>
    /// Rules as other tools write them (Terraform, CloudFormation, the AWS CLI's examples, moto's tests),
    /// each with a request it matches: Enable with a bypass routes the allowed request as before and shows
    /// everyone else the page; Disable leaves the listener byte for byte as it was.
    /// </summary>
    public class RuleShapeCorpusTests
    {
        private static readonly IPAddress Allowed4 = IPAddress.Parse("203.0.113.7");
        private static readonly IPAddress Allowed6 = IPAddress.Parse("2001:db8:1::42");
        private static readonly IPAddress Public4 = IPAddress.Parse("198.51.100.77");

        /// <summary>name -> (conditions, actions, a request the rule matches).</summary>
        private static readonly Dictionary<string, (List<RuleCondition> Conditions, List<Action> Actions, Func<HttpRequestSample> Witness)> Corpus =
            new Dictionary<string, (List<RuleCondition>, List<Action>, Func<HttpRequestSample>)>
            {
                ["legacy Values path-pattern"] = (When(new RuleCondition { Field = "path-pattern", Values = new List<string> { "/legacy/*" } }), Forward("legacy"), () => Request("/legacy/x")),
                ["legacy Values host-header"] = (When(new RuleCondition { Field = "host-header", Values = new List<string> { "*.example.com" } }), Forward("hosts"), () => Request("/", host: "shop.example.com")),
                ["no conditions"] = (new List<RuleCondition>(), Fixed("catch-all", "200"), () => Request("/anything")),
                ["weighted forward with stickiness"] = (When(Path("/cart/*")), WeightedForward(new TargetGroupStickinessConfig { Enabled = true, DurationSeconds = 300 }, ("blue", 90), ("green", 10)), () => Request("/cart/1")),
                ["redirect with #{} parts"] = (When(Path("/old/*")), Redirect("/new/#{path}", "#{query}&from=old"), () => Request("/old/page")),
                ["IPv6 and IPv4 source ranges"] = (When(Source("2001:db8::/32", "203.0.113.0/24")), Fixed("dual stack", "200"), () => Request("/", source: Allowed6)),
                ["header name with every token character"] = (When(Header("X-!#$%&'*+-.^_`|~Tok3n", "on")), Fixed("token", "200"), () => Request("/").WithHeader("x-!#$%&'*+-.^_`|~tok3n", "ON")),
                ["query string with and without keys"] = (When(new RuleCondition
                {
                    Field = "query-string",
                    QueryStringConfig = new QueryStringConditionConfig { Values = new List<QueryStringKeyValuePair> { new QueryStringKeyValuePair { Key = "version", Value = "v*" }, new QueryStringKeyValuePair { Value = "debug" } } },
                }), Fixed("query", "200"), () => Request("/").WithQuery("anykey", "debug")),
                ["escaped \\* in a query string"] = (When(Query("promo", "50\\*off")), Fixed("literal star", "200"), () => Request("/").WithQuery("promo", "50*off")),
                ["method and path together"] = (When(Method("POST", "PUT"), Path("/api/*")), Forward("api"), () => Request("/api/orders", method: "PUT")),
            };

        public static IEnumerable<object[]> Shapes() => Corpus.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(Shapes))]
        public async Task Each_shape_goes_through_Enable_the_route_checks_and_an_exact_Disable(string shape)
        {
            var (conditions, actions, witness) = Corpus[shape];
            var h = new PlanningHarness(moto: true, defaultActions: Forward("default"));
            h.Seed(5, When(Path("/before")), Forward("before"));
            var rule = h.Seed(10, conditions.Count > 0 ? conditions : When(Path("/*")), actions);
            if (conditions.Count == 0)
            {
                // AWS insists on a condition; moto (and rules made through it) may hold none.
                h.Elb.StoredRules(h.ListenerArn).Single(r => r.RuleArn == rule.RuleArn).Conditions = conditions;
            }

            var before = h.Elb.Image(h.ListenerArn);
            var original = h.Elb.StoredRules(h.ListenerArn).Select(r => r.Clone()).ToList();
            var oracle = new RoutingOracle();

            var settings = Settings(allowIps: new[] { "203.0.113.7/32", "2001:db8:1::/48" });
            var (_, snapshot) = await h.EnableAsync(settings);

            var now = h.Elb.StoredRules(h.ListenerArn);
            var fromAllowed = witness();
            if (!fromAllowed.SourceIp.Equals(Allowed6))
            {
                fromAllowed.SourceIp = Allowed4;
            }

            Assert.Equal(rule.RuleArn, RuleMatcher.Match(original, fromAllowed)?.RuleArn);
            Assert.Equal(oracle.RouteKey(RuleMatcher.Match(original, fromAllowed)), oracle.RouteKey(RuleMatcher.Match(now, fromAllowed)));
            var fromPublic = witness();
            fromPublic.SourceIp = Public4;
            var seen = RuleMatcher.Match(now, fromPublic);
            Assert.Equal(ModuleTags.MaintenanceRole, ModuleTags.Find(h.Elb.StoredTags(seen!.RuleArn!), ModuleTags.Role));

            await h.DisableAsync(snapshot);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        private static HttpRequestSample Request(string path, string host = "www.unrelated.net", string method = "GET", IPAddress? source = null) =>
            new HttpRequestSample(host, path, method, source ?? Public4);
    }
}
