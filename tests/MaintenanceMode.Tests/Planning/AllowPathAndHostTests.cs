using System.Net;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Routing;
using MaintenanceMode.Operations;
using MaintenanceMode.Rules.Bypass;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>-AllowPath and -AllowHost: one example per way a rule's own pattern meets an allowed one.</summary>
    public class AllowPathAndHostTests
    {
        private static MaintenanceSettings Allow(string[]? paths = null, string[]? hosts = null)
        {
            var settings = Settings();
            settings.AllowPaths = paths ?? new string[0];
            settings.AllowHosts = hosts ?? new string[0];
            return settings;
        }

        /// <summary>Where a request goes on the listener now: "page", or the target group's name.</summary>
        private static string Route(PlanningHarness h, string host, string path, string method = "GET")
        {
            var rule = RuleMatcher.Match(h.Elb.StoredRules(h.ListenerArn), new HttpRequestSample(host, path, method, IPAddress.Parse("192.0.2.1")));
            if (rule == null)
            {
                return "(none)";
            }

            if (!rule.IsDefault && ModuleTags.Find(h.Elb.StoredTags(rule.RuleArn!), ModuleTags.Role) == ModuleTags.MaintenanceRole)
            {
                return "page";
            }

            var arn = rule.Actions!.Last().TargetGroupArn ?? rule.Actions!.Last().FixedResponseConfig?.MessageBody ?? "?";
            return arn.Contains("targetgroup/") ? arn.Split('/')[1] : arn;
        }

        private static IReadOnlyList<CreateRuleStep> CopiesOf(MaintenancePlan plan, Rule? rule) =>
            plan.Steps.OfType<CreateRuleStep>().Where(c => c.Rule.CopiesRuleArn == rule?.RuleArn && c.Rule.Tags.Any(t => t.Value == ModuleTags.BypassRole)).ToList();

        private static IReadOnlyList<string>? PathsOf(CreateRuleStep copy) =>
            copy.Rule.Conditions.Single(c => c.Field == "path-pattern").PathPatternConfig!.Values;

        [Fact]
        public async Task A_rule_without_a_path_condition_gets_one_and_allowed_paths_route_as_before()
        {
            var h = new PlanningHarness();
            var shop = h.Seed(10, When(Host("shop.example.com")), Forward("shop"));
            var original = h.Elb.Image(h.ListenerArn);

            var (plan, snapshot) = await h.EnableAsync(Allow(paths: new[] { "/health", "/webhooks/*" }));

            var copy = Assert.Single(CopiesOf(plan, shop));
            Assert.Equal(new[] { "/health", "/webhooks/*" }, PathsOf(copy));
            Assert.Contains(copy.Rule.Conditions, c => c.Field == "host-header");
            Assert.Equal("shop", Route(h, "shop.example.com", "/health"));
            Assert.Equal("shop", Route(h, "SHOP.example.com", "/webhooks/stripe"));
            Assert.Equal("web", Route(h, "other.example.com", "/health"));
            Assert.Equal("page", Route(h, "shop.example.com", "/cart"));
            Assert.Equal("page", Route(h, "shop.example.com", "/Health"));

            await h.DisableAsync(snapshot);
            Assert.Equal("shop", Route(h, "shop.example.com", "/cart"));
            Assert.Equal(original, h.Elb.Image(h.ListenerArn));
        }

        [Fact]
        public async Task No_copy_when_the_rule_shares_no_path_with_the_allowed_ones()
        {
            var h = new PlanningHarness();
            var api = h.Seed(10, When(Path("/api/*")), Forward("api"));

            var (plan, _) = await h.EnableAsync(Allow(paths: new[] { "/health" }));

            Assert.Empty(CopiesOf(plan, api));
            Assert.Equal("page", Route(h, "x.example.com", "/api/orders"));
            Assert.Equal("web", Route(h, "x.example.com", "/health"));
        }

        [Theory]
        [InlineData("/webhooks/stripe", "/webhooks/*", "/webhooks/stripe")]
        [InlineData("/webhooks/*", "/webhooks/github", "/webhooks/github")]
        [InlineData("/webhooks/*", "/webhooks/*/events", "/webhooks/*/events")]
        [InlineData("/*", "/health", "/health")]
        public async Task The_copy_takes_the_narrower_pattern_when_one_contains_the_other(string own, string allowed, string expected)
        {
            var h = new PlanningHarness();
            var rule = h.Seed(10, When(Path(own)), Forward("hooks"));

            var (plan, _) = await h.EnableAsync(Allow(paths: new[] { allowed }));

            Assert.Equal(new[] { expected }, PathsOf(Assert.Single(CopiesOf(plan, rule))));
            Assert.Equal("hooks", Route(h, "x.example.com", expected.Replace("*", "zz")));
        }

        [Fact]
        public async Task Only_the_rules_patterns_that_meet_an_allowed_one_are_kept()
        {
            var h = new PlanningHarness();
            var rule = h.Seed(10, When(Path("/a/*", "/b/x", "/c")), Forward("abc"));

            var (plan, _) = await h.EnableAsync(Allow(paths: new[] { "/a/health", "/b/*" }));

            Assert.Equal(new[] { "/a/health", "/b/x" }, PathsOf(Assert.Single(CopiesOf(plan, rule))));
            Assert.Equal("abc", Route(h, "x", "/a/health"));
            Assert.Equal("abc", Route(h, "x", "/b/x"));
            Assert.Equal("page", Route(h, "x", "/c"));
            Assert.Equal("web", Route(h, "x", "/b/y"));
        }

        [Fact]
        public async Task Patterns_that_overlap_in_part_are_refused_naming_the_rule_and_the_patterns()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/*/events")), Forward("events"));
            var before = h.Elb.Image(h.ListenerArn);
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Allow(paths: new[] { "/webhooks/*" }), StateLocation));

            Assert.Equal(ErrorIds.BypassNotPossible, ex.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, ex.Kind);
            Assert.Contains("rule 10", ex.Message);
            Assert.Contains("'/*/events'", ex.Message);
            Assert.Contains("'/webhooks/*'", ex.Message);
            Assert.Empty(h.Elb.MutatingCalls);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        [Fact]
        public async Task A_regex_path_takes_a_plain_allowed_path_it_matches_and_refuses_a_wildcard()
        {
            var h = new PlanningHarness();
            var rule = h.Seed(10, When(new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { RegexValues = new List<string> { "/v[0-9]+/status" } } }), Forward("status"));
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Allow(paths: new[] { "/v*/status" }), StateLocation));
            Assert.Equal(ErrorIds.BypassNotPossible, ex.ErrorId);
            Assert.Contains("/v[0-9]+/status", ex.Message);

            var none = MaintenancePlanner.PlanEnable(state, Allow(paths: new[] { "/vx/status" }), StateLocation);
            Assert.Empty(CopiesOf(none, rule));

            var (plan, _) = await h.EnableAsync(Allow(paths: new[] { "/v2/status" }));
            var copy = Assert.Single(CopiesOf(plan, rule));
            Assert.Equal(new[] { "/v2/status" }, PathsOf(copy));
            Assert.Null(copy.Rule.Conditions.Single().PathPatternConfig!.RegexValues);
            Assert.Equal("status", Route(h, "x", "/v2/status"));
            Assert.Equal("page", Route(h, "x", "/v3/status"));
        }

        [Fact]
        public async Task Hosts_compare_without_case_and_intersect_like_paths()
        {
            var h = new PlanningHarness();
            var wild = h.Seed(10, When(Host("*.example.com")), Forward("sites"));
            var other = h.Seed(20, When(Host("shop.example.org")), Forward("shop"));

            var (plan, _) = await h.EnableAsync(Allow(hosts: new[] { "STATUS.example.com" }));

            var copy = Assert.Single(CopiesOf(plan, wild));
            Assert.Equal(new[] { "STATUS.example.com" }, copy.Rule.Conditions.Single().HostHeaderConfig!.Values);
            Assert.Empty(CopiesOf(plan, other));
            Assert.Equal("sites", Route(h, "status.EXAMPLE.com", "/"));
            Assert.Equal("page", Route(h, "www.example.com", "/"));
            Assert.Equal("page", Route(h, "shop.example.org", "/"));
        }

        [Fact]
        public async Task A_path_or_a_host_lets_a_request_through_and_a_rule_may_get_a_copy_for_each()
        {
            var h = new PlanningHarness();
            var api = h.Seed(10, When(Method("POST")), Forward("api"));

            var (plan, _) = await h.EnableAsync(Allow(paths: new[] { "/hooks/*" }, hosts: new[] { "status.example.com" }));

            Assert.Equal(2, CopiesOf(plan, api).Count);
            Assert.Equal(2, CopiesOf(plan, null).Count);
            Assert.Equal("api", Route(h, "shop.example.com", "/hooks/x", "POST"));
            Assert.Equal("api", Route(h, "status.example.com", "/", "POST"));
            Assert.Equal("web", Route(h, "status.example.com", "/", "GET"));
            Assert.Equal("web", Route(h, "shop.example.com", "/hooks/x", "GET"));
            Assert.Equal("page", Route(h, "shop.example.com", "/", "POST"));
        }

        [Fact]
        public async Task Allowed_paths_are_split_over_copies_where_the_rule_leaves_too_few_values()
        {
            var h = new PlanningHarness();
            var rule = h.Seed(10, When(Method("GET", "POST", "PUT"), Header("X-Env", "prod")), Forward("busy"));

            var (plan, _) = await h.EnableAsync(Allow(paths: new[] { "/a", "/b", "/c" }));

            // 4 of 5 values are used: one allowed path per copy.
            Assert.Equal(new[] { "/a", "/b", "/c" }, CopiesOf(plan, rule).Select(c => Assert.Single(PathsOf(c)!)));
        }

        [Fact]
        public async Task A_copy_that_cannot_fit_the_wildcard_limit_is_refused_before_any_change()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Host("*.a.example.com"), Header("X-A", "a*b*c*")), Forward("busy"));
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Allow(paths: new[] { "/*/x/*" }), StateLocation));

            Assert.Equal(ErrorIds.BypassNotPossible, ex.ErrorId);
            Assert.Contains("wildcards", ex.Message);
            Assert.Empty(h.Elb.MutatingCalls);
        }

        [Fact]
        public async Task The_copies_count_against_the_rule_quota_before_any_change()
        {
            var h = new PlanningHarness();
            for (var i = 1; i <= 3; i++)
            {
                h.Seed(i * 10, When(Method("POST")), Forward("p" + i));
            }

            var state = await h.ReadAsync();
            var settings = Allow(paths: new[] { "/health" }, hosts: new[] { "status.example.com" });
            settings.RuleQuota = 10;

            // 3 rules + 8 copies (two per rule and two for the default) + the page = 12 > 10.
            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, settings, StateLocation));
            Assert.Equal(ErrorIds.RuleQuotaExceeded, ex.ErrorId);
            Assert.Contains("-AllowPath", ex.Message);
            Assert.Empty(h.Elb.MutatingCalls);
        }

        [Theory]
        [InlineData("/health", null)]
        [InlineData("/.well-known/acme-challenge/*", null)]
        [InlineData("*.json", null)]
        [InlineData("", "empty")]
        [InlineData("/a b", "U+0020")]
        [InlineData("/a#b", "'#'")]
        [InlineData("/caf\u00e9", "U+00E9")]
        [InlineData("health", "starts with '/'")]
        [InlineData("?health", null)]
        [InlineData("/*/*/*/*/*/*", "6 wildcards")]
        public void AllowPath_values_are_checked_against_what_ALB_takes(string pattern, string? problem)
        {
            var found = AllowedPatterns.PathProblem(pattern);
            if (problem == null)
            {
                Assert.Null(found);
            }
            else
            {
                Assert.Contains(problem, found);
            }

            Assert.Contains("128", AllowedPatterns.PathProblem("/" + new string('a', 128)));
            Assert.Null(AllowedPatterns.PathProblem("/" + new string('a', 127)));
        }

        [Theory]
        [InlineData("status.example.com", null)]
        [InlineData("*.example.com", null)]
        [InlineData("api-?.example.co*", null)]
        [InlineData("", "empty")]
        [InlineData("localhost", "not a host name")]
        [InlineData("10.0.0.1", "not a host name")]
        [InlineData("example.", "not a host name")]
        [InlineData("https://status.example.com", "':'")]
        [InlineData("status.example.com/health", "'/'")]
        [InlineData("st_atus.example.com", "'_'")]
        [InlineData("?.?.?.?.?.?.com", "6 wildcards")]
        public void AllowHost_values_are_checked_against_what_ALB_takes(string pattern, string? problem)
        {
            var found = AllowedPatterns.HostProblem(pattern);
            if (problem == null)
            {
                Assert.Null(found);
            }
            else
            {
                Assert.Contains(problem, found);
            }

            Assert.Contains("128", AllowedPatterns.HostProblem(new string('a', 125) + ".com"));
        }
    }
}
