using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Planning
{
    public class PlannerExampleTests
    {
        [Fact]
        public async Task Enable_with_room_below_the_users_rules_moves_nothing()
        {
            var h = new PlanningHarness();
            var a = h.Seed(10, When(Host("a.example.com")), Forward("a"));
            var b = h.Seed(20, When(Path("/b/*")), Forward("b"));

            var (plan, _) = await h.EnableAsync(Settings());

            Assert.Equal(new[] { "AddTags", "CreateRule" }, plan.Steps.Select(s => s.Operation));
            Assert.Equal(1, plan.FlipCount);
            Assert.True(plan.Steps.Last().FlipsPublicTraffic);
            Assert.Equal(10, h.Priority(a.RuleArn!));
            Assert.Equal(20, h.Priority(b.RuleArn!));
            Assert.Equal(9, h.Priority(h.RulesWithRole(ModuleTags.MaintenanceRole).Single().RuleArn!));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Enable_moves_the_users_rules_in_the_way_in_one_call_when_priority_1_is_taken(bool moto)
        {
            var h = new PlanningHarness(moto: moto);
            var rules = new[] { h.Seed(1, When(Host("a.example.com")), Forward("a")), h.Seed(2, When(Path("/b")), Forward("b")), h.Seed(7, When(Method("POST")), Forward("c")) };

            var (plan, snapshot) = await h.EnableAsync(Settings(allowIps: new[] { "203.0.113.0/24" }));

            // Four copies and the page need 1-5; the rules keep their order and move in one call to the
            // nearest priorities no rule holds now (7 is taken, so not 6-8).
            Assert.Single(plan.Steps.OfType<SetRulePrioritiesStep>());
            Assert.Equal(new[] { 6, 8, 9 }, rules.Select(r => h.Priority(r.RuleArn!)));
            Assert.Equal(5, h.Priority(h.RulesWithRole(ModuleTags.MaintenanceRole).Single().RuleArn!));
            Assert.Equal(new[] { 1, 2, 3, 4 }, h.RulesWithRole(ModuleTags.BypassRole).Select(r => h.Priority(r.RuleArn!)).OrderBy(p => p));

            var disable = await h.DisableAsync(snapshot);
            Assert.Single(disable.Steps.OfType<SetRulePrioritiesStep>());
            Assert.Equal(new[] { 1, 2, 7 }, rules.Select(r => h.Priority(r.RuleArn!)));
        }

        [Theory]
        [InlineData("10.0.0.0/8", new[] { "10.1.0.0/16" }, new[] { "10.1.0.0/16" })]
        [InlineData("10.1.2.0/24", new[] { "10.0.0.0/8" }, new[] { "10.1.2.0/24" })]
        [InlineData("10.0.0.0/8", new[] { "10.1.2.3/32", "192.168.0.0/16" }, new[] { "10.1.2.3/32" })]
        [InlineData("172.16.0.0/12", new[] { "10.0.0.0/8" }, new string[0])]
        public async Task Bypass_copies_intersect_the_allow_list_with_the_rules_own_source_ip(string own, string[] allowed, string[] expected)
        {
            var h = new PlanningHarness();
            var rule = h.Seed(5, When(Source(own), Path("/admin/*")), Forward("admin"));

            var state = await h.ReadAsync();
            var plan = MaintenancePlanner.PlanEnable(state, Settings(allowIps: allowed), StateLocation);
            var copies = plan.Steps.OfType<CreateRuleStep>().Where(c => c.Rule.CopiesRuleArn == rule.RuleArn).ToList();

            if (expected.Length == 0)
            {
                Assert.Empty(copies);
            }
            else
            {
                var copy = Assert.Single(copies);
                var source = Assert.Single(copy.Rule.Conditions, c => c.Field == "source-ip");
                Assert.Equal(expected, source.SourceIpConfig!.Values);
                Assert.Contains(copy.Rule.Conditions, c => c.Field == "path-pattern");
            }

            // The default rule's copy takes the whole allow-list.
            var defaultCopy = plan.Steps.OfType<CreateRuleStep>().Single(c => c.Rule.CopiesRuleArn == null && c.Rule.Tags.Any(t => t.Value == ModuleTags.BypassRole));
            Assert.Equal(allowed, defaultCopy.Rule.Conditions.Single().SourceIpConfig!.Values);
            await h.RunAsync(plan);
        }

        [Fact]
        public async Task Bypass_splits_the_allow_list_over_copies_when_the_rule_already_uses_values()
        {
            var h = new PlanningHarness();
            var rule = h.Seed(5, When(Host("a.example.com", "b.example.com"), Path("/x")), Forward("x"));
            var allowed = new[] { "10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24" };

            var (plan, _) = await h.EnableAsync(Settings(allowIps: allowed));

            // 3 of 5 values are used, so each copy takes 2 CIDRs: 2 + 2 + 1.
            var copies = plan.Steps.OfType<CreateRuleStep>().Where(c => c.Rule.CopiesRuleArn == rule.RuleArn).ToList();
            Assert.Equal(new[] { 2, 2, 1 }, copies.Select(c => c.Rule.Conditions.Single(x => x.Field == "source-ip").SourceIpConfig!.Values!.Count));
            Assert.Equal(allowed, copies.SelectMany(c => c.Rule.Conditions.Single(x => x.Field == "source-ip").SourceIpConfig!.Values!));
        }

        [Fact]
        public async Task Bypass_is_refused_for_a_rule_with_five_values()
        {
            var h = new PlanningHarness();
            h.Seed(5, When(Host("a.example.com", "b.example.com", "c.example.com"), Path("/x", "/y")), Forward("x"));
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(allowIps: new[] { "10.0.0.0/8" }), StateLocation));
            Assert.Equal(ErrorIds.BypassNotPossible, ex.ErrorId);
            var headerEx = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(headers: new[] { new HeaderMatch("X-Bypass", "k") }), StateLocation));
            Assert.Equal(ErrorIds.BypassNotPossible, headerEx.ErrorId);

            // Without a bypass the same listener goes into maintenance.
            Assert.Equal(1, MaintenancePlanner.PlanEnable(state, Settings(), StateLocation).FlipCount);
        }

        [Fact]
        public async Task Bypass_is_refused_for_an_oidc_rule()
        {
            var h = new PlanningHarness();
            h.Seed(5, When(Path("/app/*")), Oidc("app"));
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(allowIps: new[] { "10.0.0.0/8" }), StateLocation));
            Assert.Equal(ErrorIds.BypassNotPossible, ex.ErrorId);
            Assert.Contains("OIDC", ex.Message);
            Assert.Empty(h.Elb.MutatingCalls);
        }

        [Fact]
        public async Task Enable_is_refused_when_the_bypass_would_pass_the_rule_quota()
        {
            var h = new PlanningHarness();
            for (var i = 1; i <= 4; i++)
            {
                h.Seed(i * 10, When(Path($"/p{i}")), Forward("p" + i));
            }

            var state = await h.ReadAsync();
            var settings = Settings(allowIps: new[] { "10.0.0.0/8" });
            settings.RuleQuota = 9; // 4 users + 5 copies + the page = 10

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, settings, StateLocation));
            Assert.Equal(ErrorIds.RuleQuotaExceeded, ex.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, ex.Kind);

            settings.RuleQuota = 10;
            h.Elb.RuleQuota = 10;
            await h.RunAsync(MaintenancePlanner.PlanEnable(state, settings, StateLocation));
            Assert.Equal(10, h.Elb.StoredRules(h.ListenerArn).Count(r => !r.IsDefault));
        }

        [Fact]
        public async Task A_page_longer_than_1024_characters_is_refused_before_any_change()
        {
            var h = new PlanningHarness();
            h.Seed(5, When(Path("/x")), Forward("x"));
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(body: new string('a', 1025)), StateLocation));
            Assert.Equal("RuleLimitExceeded", ex.ErrorId);

            // 1024 multibyte letters fit: characters, not bytes.
            await h.RunAsync(MaintenancePlanner.PlanEnable(state, Settings(body: new string('\u00e9', 1024)), StateLocation));

            // Characters outside the BMP count as the two UTF-16 units they are, as the page check counts
            // them (never fewer than ALB could count, so a page that passes here passes on AWS).
            var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 600));
            Assert.Equal("RuleLimitExceeded", Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(body: emoji), StateLocation)).ErrorId);
        }

        [Fact]
        public async Task Enable_again_with_the_same_settings_is_an_empty_plan()
        {
            var h = new PlanningHarness();
            h.Seed(1, When(Host("a.example.com"), Path("/x/*")), Forward("x"));
            h.Seed(3, When(LegacyPath("/y")), Forward("y"));
            var settings = Settings(allowIps: new[] { "10.0.0.0/8" }, headers: new[] { new HeaderMatch("X-Bypass", "k") });
            await h.EnableAsync(settings);

            var again = MaintenancePlanner.PlanEnable(await h.ReadAsync(), settings, StateLocation);

            Assert.True(again.IsEmpty, string.Join("\n", again.Steps));
        }

        [Fact]
        public async Task Enable_again_with_a_new_page_is_one_ModifyRule()
        {
            var h = new PlanningHarness();
            h.Seed(1, When(Host("a.example.com")), Forward("x"));
            var settings = Settings(allowIps: new[] { "10.0.0.0/8" });
            await h.EnableAsync(settings);
            h.Elb.ClearCalls();

            var again = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Settings(allowIps: new[] { "10.0.0.0/8" }, body: "<h1>Still working</h1>"), StateLocation);
            await h.RunAsync(again);

            Assert.Equal(new[] { "ModifyRule" }, again.Steps.Select(s => s.Operation));
            Assert.Equal(new[] { "ModifyRule" }, h.Elb.MutatingCalls.Select(c => c.Name));
            Assert.Equal("<h1>Still working</h1>", h.RulesWithRole(ModuleTags.MaintenanceRole).Single().Actions!.Single().FixedResponseConfig!.MessageBody);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Disable_swaps_priorities_back_in_two_hops_when_the_targets_are_held(bool moto)
        {
            var h = new PlanningHarness(moto: moto);
            var a = h.Seed(10, When(Path("/a")), Forward("a"));
            var b = h.Seed(20, When(Path("/b")), Forward("b"));
            var (_, snapshot) = await h.EnableAsync(Settings());

            // Someone swapped them during maintenance (parking b on the way, which works on moto too).
            await h.Elb.SetRulePrioritiesAsync(new[] { new RulePriorityPair { RuleArn = b.RuleArn, Priority = 40000 } });
            await h.Elb.SetRulePrioritiesAsync(new[] { new RulePriorityPair { RuleArn = a.RuleArn, Priority = 20 } });
            await h.Elb.SetRulePrioritiesAsync(new[] { new RulePriorityPair { RuleArn = b.RuleArn, Priority = 10 } });

            var plan = await h.DisableAsync(snapshot);

            Assert.Equal(2, plan.Steps.OfType<SetRulePrioritiesStep>().Count());
            Assert.Equal(10, h.Priority(a.RuleArn!));
            Assert.Equal(20, h.Priority(b.RuleArn!));
        }

        [Fact]
        public async Task Disable_after_a_shift_restores_every_priority_in_one_call()
        {
            var h = new PlanningHarness(moto: true);
            var rules = Enumerable.Range(1, 5).Select(i => h.Seed(i, When(Path("/r" + i)), Forward("r" + i))).ToList();
            var (_, snapshot) = await h.EnableAsync(Settings(allowIps: new[] { "10.0.0.0/8" }));
            h.Elb.ClearCalls();

            await h.DisableAsync(snapshot);

            Assert.Single(h.Elb.MutatingCalls, c => c.Name == "SetRulePriorities");
            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, rules.Select(r => h.Priority(r.RuleArn!)));
        }

        [Fact]
        public async Task Disable_reports_drift_and_leaves_it_alone()
        {
            var h = new PlanningHarness();
            var keep = h.Seed(1, When(Path("/keep")), Forward("keep"));
            var gone = h.Seed(2, When(Path("/gone")), Forward("gone"));
            var displaced = h.Seed(3, When(Path("/displaced")), Forward("displaced"));
            var changed = h.Seed(4, When(Path("/changed")), Forward("changed"));
            var (_, snapshot) = await h.EnableAsync(Settings());

            // Enable moved them to 5-8 in one call, behind the page at 4; the squatter takes 3, where
            // "displaced" wants to return.
            Assert.Equal(new[] { 5, 6, 7, 8 }, new[] { keep, gone, displaced, changed }.Select(r => h.Priority(r.RuleArn!)));
            await h.Elb.DeleteRuleAsync(gone.RuleArn!);
            await h.Elb.ModifyRuleAsync(new ModifyRuleRequest { RuleArn = changed.RuleArn, Actions = Forward("elsewhere") });
            var squatter = await h.Elb.CreateRuleAsync(new CreateRuleRequest { ListenerArn = h.ListenerArn, Priority = 3, Conditions = When(Path("/new")), Actions = Forward("new") });
            var plan = MaintenancePlanner.PlanDisable(await h.ReadAsync(), snapshot);
            await h.RunAsync(plan);

            var drift = plan.Drift.Select(d => (d.Kind, d.RuleArn)).ToList();
            Assert.Contains((DriftKind.Removed, gone.RuleArn), drift);
            Assert.Contains((DriftKind.Changed, changed.RuleArn), drift);
            Assert.Contains((DriftKind.Added, squatter.RuleArn), drift);
            Assert.Contains((DriftKind.Moved, displaced.RuleArn), drift);
            Assert.DoesNotContain(drift, d => d.RuleArn == keep.RuleArn);
            Assert.Equal(1, h.Priority(keep.RuleArn!));
            Assert.Equal(3, h.Priority(squatter.RuleArn!));
            Assert.Equal(4, h.Priority(changed.RuleArn!));
            Assert.Equal(7, h.Priority(displaced.RuleArn!));
            Assert.Empty(h.RulesWithRole(ModuleTags.MaintenanceRole));
        }
    }
}
