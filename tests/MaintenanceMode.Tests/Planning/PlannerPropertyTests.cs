using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Routing;
using Xunit.Abstractions;
using MaintenanceMode.Operations;
using MaintenanceMode.Snapshots;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// Enable then Disable on a few hundred generated listeners, on a fake that applies both AWS's and
    /// moto's SetRulePriorities checks. Each failure names its seed: rerun one with <see cref="RunSeedAsync"/>.
    /// </summary>
    public class PlannerPropertyTests
    {
        private const int Seeds = 800;
        private readonly ITestOutputHelper _output;

        public PlannerPropertyTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Enable_and_Disable_keep_routing_exact_on_generated_listeners()
        {
            var outcomes = new Dictionary<string, int>();
            var failures = new List<string>();
            for (var seed = 1; seed <= Seeds && failures.Count < 5; seed++)
            {
                try
                {
                    var outcome = await RunSeedAsync(seed);
                    outcomes[outcome] = outcomes.TryGetValue(outcome, out var n) ? n + 1 : 1;
                }
                catch (Exception ex)
                {
                    failures.Add($"seed {seed}: {ex.GetType().Name}: {ex.Message}");
                }
            }

            _output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}")));
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));

            // The property must not hold vacuously: most listeners go through, many with a bypass.
            Assert.True(outcomes.GetValueOrDefault("enabled with bypass") + outcomes.GetValueOrDefault("enabled with bypass, paths or hosts") > Seeds / 4, string.Join(", ", outcomes));
            Assert.True(outcomes.GetValueOrDefault("enabled without bypass") > Seeds / 20, string.Join(", ", outcomes));
            Assert.True(outcomes.GetValueOrDefault("enabled with bypass, paths or hosts") > Seeds / 10, string.Join(", ", outcomes));
        }

        /// <summary>
        /// Small listeners with priorities from the whole range (1 and 50000 included) and many OIDC rules,
        /// with and without their own source ranges: the planner finds a layout exactly when the brute-force
        /// oracles say one exists within ALB's limits, and moves no more user rules than it must.
        /// </summary>
        [Fact]
        public async Task The_planner_finds_a_layout_exactly_when_the_oracle_does()
        {
            var outcomes = new Dictionary<string, int>();
            var failures = new List<string>();
            for (var seed = 1; seed <= 400 && failures.Count < 5; seed++)
            {
                try
                {
                    var outcome = await RunSeedAsync(seed, edges: true);
                    outcomes[outcome] = outcomes.TryGetValue(outcome, out var n) ? n + 1 : 1;
                }
                catch (Exception ex)
                {
                    failures.Add($"seed {seed} (edges): {ex.GetType().Name}: {ex.Message}");
                }
            }

            _output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}")));
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
            Assert.True(outcomes.GetValueOrDefault("enabled with bypass") > 40, string.Join(", ", outcomes));
            Assert.True(outcomes.GetValueOrDefault("refused: " + ErrorIds.BypassNotPossible) > 5, string.Join(", ", outcomes));
        }

        internal static async Task<string> RunSeedAsync(int seed, bool edges = false)
        {
            var g = new ListenerGenerator(seed, edges);
            var h = new PlanningHarness(seed, moto: true, defaultActions: g.DefaultActions());
            var count = edges ? g.Random.Next(LayoutOracle.MaxUsers + 1) : g.Random.Next(4) == 0 ? g.Random.Next(100) : g.Random.Next(15);
            g.Ruleset(h, count);
            if (g.Random.Next(2) == 0)
            {
                h.Elb.SeedTags(h.ListenerArn, new Tag { Key = "env", Value = "prod" });
            }

            var settings = g.Settings();
            h.Elb.RuleQuota = settings.RuleQuota;
            var original = h.Elb.StoredRules(h.ListenerArn).Select(r => r.Clone()).ToList();
            var before = h.Elb.Image(h.ListenerArn);
            var oracle = new RoutingOracle();
            var samples = Samples(g, original, settings);
            var expected = samples.Select(s => oracle.RouteKey(RuleMatcher.Match(original, s))).ToList();
            var allowed = samples.Select(s => RoutingOracle.IsAllowed(s, settings)).ToList();
            var copies = RoutingOracle.BypassCopies(original, settings, out var why);

            var state = await h.ReadAsync();
            MaintenancePlan plan;
            try
            {
                plan = MaintenancePlanner.PlanEnable(state, settings, Build.StateLocation);
            }
            catch (MaintenanceModeException ex)
            {
                Assert.Empty(h.Elb.MutatingCalls);
                Assert.Equal(before, h.Elb.Image(h.ListenerArn));
                CheckRefusalIsReal(ex, original, settings, copies, why);
                return "refused: " + ex.ErrorId;
            }

            if (copies == null)
            {
                throw new Xunit.Sdk.XunitException($"the planner made a bypass although {why}");
            }

            var body = settings.PageBody;
            Assert.True(AlbRuleValidator.CharactersOf(body) <= 1024, "a page over 1024 characters was planned");
            var planned = plan.Steps.OfType<CreateRuleStep>().Count(c => c.Rule.Tags.Any(t => t.Value == ModuleTags.BypassRole));
            Assert.True(original.Count(r => !r.IsDefault) + planned + 1 <= settings.RuleQuota, "the plan passes the rule quota and the planner did not say so");

            // Enable: staging changes nothing anyone sees; the one flip shows the page to all but the allowed.
            var flips = 0;
            void Check(IList<int> which, bool pageUp, string when)
            {
                var rules = h.Elb.StoredRules(h.ListenerArn);
                foreach (var i in which)
                {
                    var rule = RuleMatcher.Match(rules, samples[i]);
                    var isPage = rule != null && !rule.IsDefault && ModuleTags.Find(h.Elb.StoredTags(rule.RuleArn!), ModuleTags.Role) == ModuleTags.MaintenanceRole;
                    if (pageUp && !allowed[i])
                    {
                        Assert.True(isPage, $"{when}: {samples[i]} should see the page but meets rule {rule?.Priority}");
                    }
                    else
                    {
                        Assert.True(oracle.RouteKey(rule) == expected[i], $"{when}: {samples[i]} (allowed: {allowed[i]}) meets rule {rule?.Priority} {oracle.RouteKey(rule)}, originally {expected[i]}");
                    }
                }
            }

            var all = Enumerable.Range(0, samples.Count).ToList();
            IList<int> Some() => all.OrderBy(_ => g.Random.Next()).Take(8).ToList();
            bool IsFlip(FakeElbv2Call c) => c.Name == "CreateRule" && ((CreateRuleRequest)c.Request!).Tags!.Any(t => t.Value == ModuleTags.MaintenanceRole);

            var disabling = false;
            (List<HttpRequestSample> Samples, List<string> Expected, List<bool> Allowed, List<bool> NextAllowed)? replacing = null;
            h.Elb.BeforeMutation += c =>
            {
                if (!disabling && IsFlip(c))
                {
                    Check(all, pageUp: false, "just before the flip");
                }
            };
            h.Elb.Mutated += c =>
            {
                if (replacing != null)
                {
                    var rules = h.Elb.StoredRules(h.ListenerArn);
                    foreach (var i in Some())
                    {
                        var rule = RuleMatcher.Match(rules, samples[i]);
                        var isPage = rule != null && !rule.IsDefault && ModuleTags.Find(h.Elb.StoredTags(rule.RuleArn!), ModuleTags.Role) == ModuleTags.MaintenanceRole;
                        var ok = isPage ? true : (allowed[i] || replacing.Value.NextAllowed[i]) && oracle.RouteKey(rule) == expected[i];
                        Assert.True(ok, $"re-Enable, after {c}: {samples[i]} meets rule {rule?.Priority}, neither the page nor its original route");
                    }
                }
                else if (disabling)
                {
                    // Once the page is gone, every intermediate state routes everyone as before.
                    var pageUp = h.RulesWithRole(ModuleTags.MaintenanceRole).Count > 0;
                    Check(pageUp ? Some() : all, pageUp, $"Disable, after {c}");
                }
                else if (IsFlip(c))
                {
                    flips++;
                    Check(all, pageUp: true, "right after the flip");
                }
                else
                {
                    Check(Some(), pageUp: flips > 0, $"Enable, after {c}");
                }
            };
            await h.RunAsync(plan);

            var users = original.Where(r => !r.IsDefault).ToList();
            // The layout oracle counts the copies source and header allowances need; paths and hosts add copies it does not count.
            if (users.Count <= LayoutOracle.MaxUsers && RoutingOracle.CountsCopies(settings))
            {
                var fewest = LayoutOracle.FewestMoves(users.Select(PriorityOf).ToList(), copies.Value + 1);
                var moved = users.Count(u => h.Priority(u.RuleArn!) != PriorityOf(u));
                Assert.True(fewest == moved, $"the planner moved {moved} user rules; the fewest that fit is {fewest}");
            }

            Assert.Equal(1, flips);
            Assert.Equal(1, plan.FlipCount);
            if (RoutingOracle.CountsCopies(settings))
            {
                Assert.Equal(copies, h.RulesWithRole(ModuleTags.BypassRole).Count);
            }
            else
            {
                // Paths and hosts add copies the oracle does not count; the routing checks above hold them exact.
                Assert.True(h.RulesWithRole(ModuleTags.BypassRole).Count >= copies, "fewer bypass rules than the source and header allowances alone need");
            }
            Check(all, pageUp: true, "after Enable");
            var again = MaintenancePlanner.PlanEnable(await h.ReadAsync(), settings, Build.StateLocation);
            Assert.True(again.IsEmpty, "Enable again planned: " + string.Join("; ", again.Steps));

            if (g.Random.Next(2) == 0)
            {
                // Enable again with other settings: the page stays up throughout; no request ever reaches
                // a target it would not have reached before; then the new allow-list holds exactly.
                var next = g.Settings();
                next.PageBody = settings.PageBody;
                next.RuleQuota = settings.RuleQuota;
                var nextAllowed = samples.Select(s => RoutingOracle.IsAllowed(s, next)).ToList();
                MaintenancePlan replan;
                try
                {
                    replan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), next, Build.StateLocation);
                }
                catch (MaintenanceModeException)
                {
                    replan = new MaintenancePlan(new List<PlanStep>(), new List<RuleDrift>(), new List<string>());
                    next = settings;
                    nextAllowed = allowed;
                }

                Assert.Equal(0, replan.FlipCount);
                replacing = (samples, expected, allowed, nextAllowed);
                await h.RunAsync(replan);
                replacing = null;
                allowed = nextAllowed;
                Check(all, pageUp: true, "after Enable with new settings");
            }

            var snapshot = ListenerSnapshot.Capture(state, DateTimeOffset.UnixEpoch, null, null);
            var disable = MaintenancePlanner.PlanDisable(await h.ReadAsync(), snapshot);
            Assert.Equal(1, disable.FlipCount);
            Assert.True(disable.Steps[0].FlipsPublicTraffic, "the page must go first");
            Assert.Empty(disable.Drift);
            h.Elb.ClearCalls();
            disabling = true;
            await h.RunAsync(disable);
            Check(all, pageUp: false, "after Disable");
            Assert.True(h.Elb.MutatingCalls.Count(c => c.Name == "SetRulePriorities") <= 2, "more than two SetRulePriorities calls to restore priorities: " + string.Join("; ", disable.Steps.OfType<SetRulePrioritiesStep>().Select(s => s.Describe())) + " ENABLE: " + string.Join("; ", plan.Steps.OfType<SetRulePrioritiesStep>().Select(s => s.Describe())));
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
            var made = plan.Steps.OfType<CreateRuleStep>().Count(c => c.Rule.Tags.Any(t => t.Value == ModuleTags.BypassRole));
            return made == 0 ? "enabled without bypass"
                : RoutingOracle.CountsCopies(settings) ? "enabled with bypass"
                : "enabled with bypass, paths or hosts";
        }

        private static void CheckRefusalIsReal(MaintenanceModeException ex, IReadOnlyList<Rule> original, MaintenanceSettings settings, int? copies, string why)
        {
            var users = original.Where(r => !r.IsDefault).ToList();
            switch (ex.ErrorId)
            {
                case ErrorIds.BypassNotPossible:
                    Assert.True(copies == null || PathOrHostRefusalIsReal(ex.Message, settings), "BypassNotPossible, yet every rule can be copied: " + ex.Message);
                    break;
                case ErrorIds.RuleQuotaExceeded:
                    Assert.True(copies != null && (users.Count + copies + 1 > settings.RuleQuota || !RoutingOracle.CountsCopies(settings)), $"RuleQuotaExceeded with {users.Count} + {copies} + 1 of {settings.RuleQuota}: {ex.Message}");
                    break;
                case "RuleLimitExceeded":
                    Assert.True(AlbRuleValidator.CharactersOf(settings.PageBody) > 1024, "RuleLimitExceeded for a page that fits: " + ex.Message);
                    break;
                case ErrorIds.PriorityRangeExhausted:
                    Assert.True(copies != null && users.Count + copies.Value + 1 > 50000, "PriorityRangeExhausted with room to spare: " + ex.Message);
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"unexpected refusal {ex.ErrorId}: {ex.Message}");
            }
        }

        private static int PriorityOf(Rule rule) => int.Parse(rule.Priority!, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// A refusal for -AllowPath/-AllowHost names its two patterns; shows, without the planner's automata,
        /// that neither contains the other (a value of each the other misses), or that a limit or regex is why.
        /// </summary>
        private static bool PathOrHostRefusalIsReal(string message, MaintenanceSettings settings)
        {
            if (settings.AllowPaths.Count == 0 && settings.AllowHosts.Count == 0)
            {
                return false;
            }

            // A copy for an allowed path or host was needed (a disjoint pattern gives none), and an OIDC rule cannot be copied.
            if (message.Contains("does not fit") || message.Contains("the regex") || message.Contains("authenticates with OIDC and allowed requests can match it"))
            {
                return true;
            }

            var quoted = System.Text.RegularExpressions.Regex.Matches(message, "'([^']*)' and '([^']*)'");
            if (quoted.Count == 0)
            {
                return false;
            }

            var own = quoted[0].Groups[1].Value;
            var allowed = quoted[0].Groups[2].Value;
            var ignoreCase = settings.AllowHosts.Contains(allowed) && !settings.AllowPaths.Contains(allowed);
            bool Escapes(string from, string into) => new[] { "", "q", "zz/", "Q.q" }.Any(fill =>
                !WildcardPattern.IsMatch(into, from.Replace("*", fill).Replace('?', 'q'), ignoreCase));
            return Escapes(own, allowed) && Escapes(allowed, own);
        }

        /// <summary>Requests built from the rules' own values (so they match), each also from an allowed source, with the allowed header, and without.</summary>
        private static List<HttpRequestSample> Samples(ListenerGenerator g, IReadOnlyList<Rule> rules, MaintenanceSettings settings)
        {
            var bases = new List<HttpRequestSample>();
            foreach (var rule in rules.Where(r => !r.IsDefault).OrderBy(_ => g.Random.Next()).Take(25))
            {
                var request = g.BaseRequest();
                foreach (var witness in g.Witnesses[rule.RuleArn!])
                {
                    witness(request);
                }

                bases.Add(request);
            }

            for (var i = 0; i < 4; i++)
            {
                bases.Add(g.BaseRequest());
            }

            var samples = new List<HttpRequestSample>();
            foreach (var request in bases)
            {
                samples.Add(request);
                if (settings.AllowSourceIp.Count > 0)
                {
                    var fromAllowed = request.Clone();
                    fromAllowed.SourceIp = g.AddressIn(g.Pick(settings.AllowSourceIp.Select(c => c.ToString()).ToList()));
                    samples.Add(fromAllowed);
                }

                foreach (var header in settings.AllowHeaders)
                {
                    samples.Add(request.Clone().WithHeader(g.Random.Next(2) == 0 ? header.Name.ToUpperInvariant() : header.Name, g.Instance(header.Value, randomCase: true)));
                    samples.Add(request.Clone().WithHeader(header.Name, "wrong"));
                }

                foreach (var path in settings.AllowPaths)
                {
                    var onPath = request.Clone();
                    var instance = g.Instance(path, randomCase: false);
                    onPath.Path = instance.StartsWith("/") ? instance : "/" + instance;
                    samples.Add(onPath);
                }

                foreach (var host in settings.AllowHosts)
                {
                    var onHost = request.Clone();
                    onHost.Host = g.Instance(host, randomCase: true);
                    samples.Add(onHost);
                }
            }

            return samples;
        }
    }
}
