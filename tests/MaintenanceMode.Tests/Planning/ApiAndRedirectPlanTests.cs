using System.Text.Json;
using MaintenanceMode.Routing;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>JSON answers for API clients and a redirect to a hosted page, on the AWS-like fake.</summary>
    public class ApiAndRedirectPlanTests
    {
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Api_answers_sit_above_the_page_and_are_created_after_the_one_flip(bool moto)
        {
            var h = new PlanningHarness(moto: moto);
            var api = h.Seed(1, When(Path("/api/*")), Forward("api"));
            var web = h.Seed(2, When(Host("www.example.com")), Forward("web"));
            var settings = Settings(allowIps: new[] { "203.0.113.7/32" });
            settings.ApiPathPatterns = new[] { "/api/*", "/v2/*" };
            settings.Reason = "DB \"upgrade\"";

            var (plan, snapshot) = await h.EnableAsync(settings);

            Assert.Equal(1, plan.FlipCount);
            var flip = plan.Steps.ToList().FindIndex(s => s.FlipsPublicTraffic);
            var apiSteps = plan.Steps.Select((s, i) => (s, i)).Where(x => x.s is CreateRuleStep c && c.Rule.Tags.Any(t => t.Value == ModuleTags.ApiRole)).ToList();
            Assert.Equal(2, apiSteps.Count);
            Assert.All(apiSteps, x => Assert.True(x.i > flip, "an API answer was created before the page flipped public traffic"));

            var rules = h.Elb.StoredRules(h.ListenerArn);
            var page = h.Priority(h.RulesWithRole(ModuleTags.MaintenanceRole).Single().RuleArn!);
            Assert.All(h.RulesWithRole(ModuleTags.ApiRole), r => Assert.True(h.Priority(r.RuleArn!) < page));
            Assert.All(h.RulesWithRole(ModuleTags.BypassRole), b => Assert.All(h.RulesWithRole(ModuleTags.ApiRole), a => Assert.True(h.Priority(b.RuleArn!) < h.Priority(a.RuleArn!))));

            // Routing: an API path and a JSON client get JSON; a browser gets the page; the allowed address gets through.
            Assert.Equal("application/json", Answer(rules, Request("/api/orders", "198.51.100.1")));
            Assert.Equal("application/json", Answer(rules, Request("/index.html", "198.51.100.1").WithHeader("Accept", "application/json")));
            Assert.Equal("text/html", Answer(rules, Request("/index.html", "198.51.100.1")));
            Assert.Equal("forward", RuleMatcher.Match(rules, Request("/api/x", "203.0.113.7"))!.Actions![0].Type);

            var body = h.RulesWithRole(ModuleTags.ApiRole).First().Actions![0].FixedResponseConfig!.MessageBody!;
            using var json = JsonDocument.Parse(body);
            Assert.Equal("maintenance", json.RootElement.GetProperty("error").GetString());
            Assert.Equal("DB \"upgrade\"", json.RootElement.GetProperty("reason").GetString());

            var disable = await h.DisableAsync(snapshot);
            var pageDelete = disable.Steps.ToList().FindIndex(s => s.FlipsPublicTraffic);
            Assert.All(disable.Steps.Take(pageDelete), s => Assert.Contains("API", s.Describe()));
            Assert.Equal(1, h.Priority(api.RuleArn!));
            Assert.Equal(2, h.Priority(web.RuleArn!));
            Assert.Empty(h.RulesWithRole(ModuleTags.ApiRole));
        }

        [Fact]
        public async Task Many_api_paths_are_split_within_three_values_and_five_wildcards_per_rule()
        {
            var h = new PlanningHarness();
            var settings = Settings();
            settings.ApiPathPatterns = new[] { "/a/*", "/b/*", "/c/*", "/d/*", "/e/**", "/f/*?*" };

            await h.EnableAsync(settings);

            var api = h.RulesWithRole(ModuleTags.ApiRole);
            Assert.True(api.Count >= 3);
            Assert.All(api, r => Assert.True(RuleLimits.MatchValues(RuleConditions.WithoutMirroredValues(r.Conditions)) <= 3));
            var paths = api.SelectMany(r => r.Conditions!.Where(c => c.PathPatternConfig != null).SelectMany(c => c.PathPatternConfig!.Values!)).ToList();
            Assert.Equal(settings.ApiPathPatterns.OrderBy(p => p), paths.OrderBy(p => p));
        }

        [Fact]
        public async Task Re_enable_without_api_paths_removes_the_api_answers_only()
        {
            var h = new PlanningHarness();
            var user = h.Seed(1, When(Path("/x")), Forward("x"));
            var settings = Settings();
            settings.ApiPathPatterns = new[] { "/api/*" };
            var (_, snapshot) = await h.EnableAsync(settings);
            var pageArn = h.RulesWithRole(ModuleTags.MaintenanceRole).Single().RuleArn;

            var state = await h.ReadAsync();
            var plan = MaintenancePlanner.PlanEnable(state, Settings(), StateLocation);
            await h.RunAsync(plan);

            Assert.Empty(h.RulesWithRole(ModuleTags.ApiRole));
            Assert.Equal(pageArn, h.RulesWithRole(ModuleTags.MaintenanceRole).Single().RuleArn);
            Assert.All(plan.Steps, s => Assert.IsType<DeleteRuleStep>(s));
            await h.DisableAsync(snapshot);
            Assert.Equal(1, h.Priority(user.RuleArn!));
        }

        [Fact]
        public async Task A_redirect_url_makes_the_page_a_302_to_the_hosted_page()
        {
            var h = new PlanningHarness();
            var settings = Settings();
            settings.RedirectUrl = new Uri("https://status.example.com/shop/down.html?src=alb");

            await h.EnableAsync(settings);

            var redirect = h.RulesWithRole(ModuleTags.MaintenanceRole).Single().Actions!.Single().RedirectConfig!;
            Assert.Equal("HTTPS", redirect.Protocol);
            Assert.Equal("status.example.com", redirect.Host);
            Assert.Equal("443", redirect.Port);
            Assert.Equal("/shop/down.html", redirect.Path);
            Assert.Equal("src=alb", redirect.Query);
            Assert.Equal("HTTP_302", redirect.StatusCode);
        }

        private static HttpRequestSample Request(string path, string source) =>
            new HttpRequestSample("www.example.com", path, "GET", System.Net.IPAddress.Parse(source));

        private static string? Answer(System.Collections.Generic.IReadOnlyList<MaintenanceMode.Aws.Elbv2.Rule> rules, HttpRequestSample request) =>
            RuleMatcher.Match(rules, request)?.Actions?.Single().FixedResponseConfig?.ContentType;
    }
}
