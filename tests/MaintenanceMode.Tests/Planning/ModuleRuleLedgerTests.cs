using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Operations;
using MaintenanceMode.Records;
using MaintenanceMode.Snapshots;
using static MaintenanceMode.Tests.Planning.Build;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// Only the rules the module's record lists are the module's: by ARN, or by the identity written before
    /// CreateRule (a run that died before recording the ARN). Any other rule carrying the role tag is drift:
    /// never deleted, and stripped of the module's tag so that no later run takes it for the module's.
    /// </summary>
    public class ModuleRuleLedgerTests
    {
        private const string Secret = "Kx7-very-secret-bypass-value";

        private static MaintenanceSettings WithBypass() =>
            Settings(allowIps: new[] { "203.0.113.0/24" }, headers: new[] { new HeaderMatch("X-Bypass", Secret) });

        /// <summary>Enables as the service does: the record's list written before the run, and after it only when <paramref name="recordArns"/>.</summary>
        private static async Task<(ListenerSnapshot Snapshot, MaintenanceRecord Record, MaintenancePlan Plan)> EnableAsync(PlanningHarness h, bool recordArns)
        {
            var state = await h.ReadAsync();
            var snapshot = ListenerSnapshot.Capture(state, System.DateTimeOffset.UnixEpoch, null, null);
            var ledger = ModuleRuleLedger.Check(state, new MaintenanceRecord { ModuleRules = new List<ModuleRuleEntry>() });
            var plan = MaintenancePlanner.PlanEnable(ledger.State, WithBypass(), StateLocation);
            var record = new MaintenanceRecord { ModuleRules = ledger.BeforeRun(plan) };
            var created = await h.RunAsync(plan);
            if (recordArns)
            {
                record.ModuleRules = ledger.AfterRun(plan, created);
            }

            return (snapshot, record, plan);
        }

        private static async Task<Rule> AddRoleTaggedRuleAsync(PlanningHarness h, int priority, string role, List<RuleCondition> conditions, List<Action> actions)
        {
            var rule = h.Seed(priority, conditions, actions);
            await h.Elb.AddTagsAsync(new[] { rule.RuleArn! }, ModuleTags.ForRule(role), CancellationToken.None);
            return rule;
        }

        [Theory]
        [InlineData(true, ModuleTags.BypassRole)]
        [InlineData(false, ModuleTags.BypassRole)]
        [InlineData(true, ModuleTags.MaintenanceRole)]
        [InlineData(false, ModuleTags.MaintenanceRole)]
        public async Task Disable_deletes_the_recorded_rules_and_keeps_a_role_tagged_rule_added_during_maintenance(bool arnsRecorded, string role)
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            h.Seed(20, When(Path("/b/*")), Forward("b"));
            var (snapshot, record, _) = await EnableAsync(h, arnsRecorded);
            var intruder = await AddRoleTaggedRuleAsync(h, 30, role, When(Path("/c/*")), Forward("c"));

            var ledger = ModuleRuleLedger.Check(await h.ReadAsync(), record);
            Assert.Null(ledger.Warning);
            Assert.Equal(new[] { intruder.RuleArn }, ledger.Unrecorded.Select(r => r.RuleArn));
            var plan = MaintenancePlanner.PlanDisable(ledger.State, snapshot);
            await h.RunAsync(plan);

            Assert.DoesNotContain(plan.Steps.OfType<DeleteRuleStep>(), d => d.Rule.RuleArn == intruder.RuleArn);
            Assert.Contains(plan.Drift, d => d.Kind == DriftKind.UnrecordedRoleTag && d.RuleArn == intruder.RuleArn);
            Assert.DoesNotContain(plan.Drift, d => d.Kind == DriftKind.Added && d.RuleArn == intruder.RuleArn);
            var remaining = h.Elb.StoredRules(h.ListenerArn).Where(r => !r.IsDefault).ToList();
            Assert.Equal(new[] { 10, 20, 30 }, remaining.Select(r => int.Parse(r.Priority!, System.Globalization.CultureInfo.InvariantCulture)).OrderBy(p => p));
            Assert.Contains(remaining, r => r.RuleArn == intruder.RuleArn);
            // Nothing is left that a later run, with no record to go by, would take for the module's.
            Assert.All(remaining, r => Assert.Null(ModuleTags.Find(h.Elb.StoredTags(r.RuleArn!), ModuleTags.Role)));
        }

        [Fact]
        public async Task A_rule_an_undo_created_again_under_a_new_ARN_is_still_the_modules()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            var (snapshot, record, _) = await EnableAsync(h, recordArns: true);
            // A Disable that deleted a bypass copy, then failed and undid: the copy is back, exactly, with a new ARN.
            var copy = h.RulesWithRole(ModuleTags.BypassRole).First();
            await h.Elb.DeleteRuleAsync(copy.RuleArn!);
            var again = await h.Elb.CreateRuleAsync(new CreateRuleRequest
            {
                ListenerArn = h.ListenerArn,
                Priority = int.Parse(copy.Priority!, System.Globalization.CultureInfo.InvariantCulture),
                Conditions = copy.Conditions,
                Actions = copy.Actions,
                Tags = ModuleTags.ForRule(ModuleTags.BypassRole),
            });
            Assert.NotEqual(copy.RuleArn, again.RuleArn);

            var ledger = ModuleRuleLedger.Check(await h.ReadAsync(), record);
            var plan = MaintenancePlanner.PlanDisable(ledger.State, snapshot);

            Assert.Empty(ledger.Unrecorded);
            Assert.Contains(plan.Steps.OfType<DeleteRuleStep>(), d => d.Rule.RuleArn == again.RuleArn);
        }

        [Fact]
        public async Task An_identity_stands_for_one_rule_at_its_priority_so_a_copy_of_the_page_elsewhere_is_not_the_modules()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            var (_, record, plan) = await EnableAsync(h, recordArns: false);
            var page = plan.Steps.OfType<CreateRuleStep>().Single(c => c.FlipsPublicTraffic).Rule;
            var copy = await AddRoleTaggedRuleAsync(h, 40, ModuleTags.MaintenanceRole, page.Conditions, page.Actions);

            var ledger = ModuleRuleLedger.Check(await h.ReadAsync(), record);

            Assert.Equal(new[] { copy.RuleArn }, ledger.Unrecorded.Select(r => r.RuleArn));
            Assert.NotNull(ledger.State.MaintenanceRule);
            Assert.NotEqual(copy.RuleArn, ledger.State.MaintenanceRule!.RuleArn);
        }

        [Fact]
        public async Task The_list_before_the_run_names_every_rule_to_be_created_and_never_a_header_value()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            var state = await h.ReadAsync();
            var ledger = ModuleRuleLedger.Check(state, null);
            var plan = MaintenancePlanner.PlanEnable(ledger.State, WithBypass(), StateLocation);

            var entries = ledger.BeforeRun(plan);

            var creates = plan.Steps.OfType<CreateRuleStep>().ToList();
            Assert.Equal(creates.Count, entries.Count);
            Assert.All(entries, e => Assert.Null(e.RuleArn));
            Assert.Equal(creates.Select(c => c.Rule.Priority).OrderBy(p => p), entries.Select(e => e.Priority).OrderBy(p => p));
            Assert.Contains(creates, c => c.Rule.Conditions.Any(x => x.HttpHeaderConfig?.Values?.Contains(Secret) == true));
            var json = System.Text.Json.JsonSerializer.Serialize(new MaintenanceRecord { ModuleRules = entries }, ModelJson.Options);
            Assert.DoesNotContain(Secret, json);
        }

        [Fact]
        public async Task A_rerun_after_a_run_that_died_before_creating_names_each_rule_once()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            var first = ModuleRuleLedger.Check(await h.ReadAsync(), new MaintenanceRecord { ModuleRules = new List<ModuleRuleEntry>() });
            var record = new MaintenanceRecord { ModuleRules = first.BeforeRun(MaintenancePlanner.PlanEnable(first.State, WithBypass(), StateLocation)) };

            var again = ModuleRuleLedger.Check(await h.ReadAsync(), record);
            var plan = MaintenancePlanner.PlanEnable(again.State, WithBypass(), StateLocation);
            var entries = again.BeforeRun(plan);

            Assert.Equal(plan.Steps.OfType<CreateRuleStep>().Count(), entries.Count);
            Assert.Equal(entries.Count, entries.Select(e => (e.Role, e.Priority, e.Shape)).Distinct().Count());
        }

        [Fact]
        public async Task A_record_without_the_list_leaves_the_role_tag_to_decide_and_says_which_rules()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            await EnableAsync(h, recordArns: true);
            var state = await h.ReadAsync();

            var ledger = ModuleRuleLedger.Check(state, new MaintenanceRecord { ModuleRules = null });

            Assert.Empty(ledger.Unrecorded);
            Assert.NotNull(ledger.State.MaintenanceRule);
            Assert.Contains("earlier version", ledger.Warning);
            Assert.Contains(state.MaintenanceRule!.RuleArn!, ledger.Warning);
        }

        [Fact]
        public async Task A_re_enable_keeps_an_unrecorded_role_tagged_rule_as_the_users()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a/*")), Forward("a"));
            var (_, record, _) = await EnableAsync(h, recordArns: true);
            var intruder = await AddRoleTaggedRuleAsync(h, 30, ModuleTags.MaintenanceRole, When(Path("/c/*")), Fixed("x"));

            var ledger = ModuleRuleLedger.Check(await h.ReadAsync(), record);
            var plan = MaintenancePlanner.PlanEnable(ledger.State, WithBypass(), StateLocation);

            Assert.DoesNotContain(plan.Steps.OfType<DeleteRuleStep>(), d => d.Rule.RuleArn == intruder.RuleArn);
            Assert.Contains(ledger.State.UserRules, r => r.RuleArn == intruder.RuleArn);
        }
    }
}
