using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using static MaintenanceMode.Tests.Planning.Build;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Snapshots
{
    public class RestorePlannerTests
    {
        [Fact]
        public void An_unchanged_listener_needs_no_call()
        {
            var listener = new SnapshotTestListener();

            Assert.Empty(listener.Plan().Steps);
            Assert.Empty(listener.Differences());
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Swapped_priorities_go_back_in_two_hops_that_moto_and_aws_accept(bool motoCheck)
        {
            var listener = new SnapshotTestListener();
            listener.Move(listener.Arns[0], 2);
            listener.Move(listener.Arns[1], 1);
            listener.Elb.MotoPriorityCheck = motoCheck;

            var plan = listener.Plan();
            listener.Apply(plan);

            Assert.All(plan.Steps, s => Assert.IsType<SetRulePrioritiesStep>(s));
            Assert.Equal(2, plan.Steps.Count);
            Assert.Equal(new[] { "SetRulePriorities", "SetRulePriorities" }, listener.Elb.Writes);
            Assert.Equal("1", listener.Elb.EditRule(listener.Arns[0]).Priority);
            Assert.Equal("2", listener.Elb.EditRule(listener.Arns[1]).Priority);
            Assert.Empty(listener.Differences());
        }

        [Fact]
        public void A_move_onto_a_free_priority_is_one_call()
        {
            var listener = new SnapshotTestListener();
            listener.Move(listener.Arns[4], 40);

            var plan = listener.Plan();

            var step = Assert.IsType<SetRulePrioritiesStep>(Assert.Single(plan.Steps));
            Assert.Equal(5, Assert.Single(step.Moves).Priority);
        }

        [Fact]
        public void A_changed_action_is_restored_in_place_with_the_same_arn()
        {
            var listener = new SnapshotTestListener();
            var arn = listener.Arns[2];
            listener.Elb.EditRule(arn).Actions = Fixed("gone");

            var plan = listener.Plan();
            listener.Apply(plan);

            var step = Assert.IsType<ModifyRuleStep>(Assert.Single(plan.Steps));
            Assert.Equal(arn, step.RuleArn);
            Assert.Null(step.Conditions); // only the part that differs is sent
            Assert.Equal(new[] { "ModifyRule" }, listener.Elb.Writes);
            Assert.Equal("forward", listener.Elb.EditRule(arn).Actions!.Single().Type);
            Assert.Equal(5, listener.Read().UserRules.Count);
            Assert.Empty(listener.Differences());
        }

        [Fact]
        public void Changed_conditions_and_transforms_are_sent_and_transforms_added_since_are_reset()
        {
            var listener = new SnapshotTestListener();
            listener.Elb.EditRule(listener.Arns[0]).Conditions = When(Path("/moved/*"));
            listener.Elb.EditRule(listener.Arns[1]).Transforms = new List<RuleTransform> { new RuleTransform { Type = "host-header-rewrite" } };

            var plan = listener.Plan();
            var steps = plan.Steps.Cast<ModifyRuleStep>().ToList();

            Assert.Equal(2, steps.Count);
            Assert.NotNull(steps[0].Conditions);
            Assert.Null(steps[0].Actions);
            Assert.True(steps[1].ToRequest().ResetTransforms);
            listener.Apply(plan);
            Assert.Empty(listener.Differences());
        }

        [Fact]
        public void A_deleted_rule_is_recreated_at_its_priority_with_its_tags_and_reported()
        {
            var listener = new SnapshotTestListener();
            listener.Elb.RemoveRule(listener.Arns[0]);

            var plan = listener.Plan();
            var created = listener.Apply(plan);

            var create = Assert.IsType<CreateRuleStep>(Assert.Single(plan.Steps));
            Assert.Equal(1, create.Rule.Priority);
            Assert.Equal(listener.Arns[0], create.Rule.CopiesRuleArn);
            Assert.Contains(plan.Warnings, w => w.Contains(listener.Arns[0]) && w.Contains("new ARN"));
            var rule = Assert.Single(created);
            Assert.NotEqual(listener.Arns[0], rule.RuleArn);
            Assert.Equal("terraform", listener.Elb.StoredTags(rule.RuleArn!).Single(t => t.Key == "owner").Value);
            Assert.Empty(listener.Differences(new Dictionary<string, string> { [listener.Arns[0]] = rule.RuleArn! }));
        }

        [Fact]
        public void A_rule_added_since_is_kept_unless_RemoveAdded()
        {
            var listener = new SnapshotTestListener();
            var added = listener.Add(20, "/new/*", "tg-new").RuleArn!;

            Assert.Empty(listener.Plan().Steps);
            Assert.Contains(listener.Plan().Warnings, w => w.Contains("-RemoveAdded"));

            var plan = listener.Plan(removeAdded: true);
            listener.Apply(plan);

            Assert.Equal(added, Assert.IsType<DeleteRuleStep>(Assert.Single(plan.Steps)).Rule.RuleArn);
            Assert.DoesNotContain(listener.Elb.StoredRules(SnapshotTestListener.ListenerArn), r => r.RuleArn == added);
            Assert.Empty(listener.Differences());
        }

        [Fact]
        public void An_added_rule_on_a_snapshot_priority_is_refused_before_any_change_unless_RemoveAdded_which_deletes_it_first()
        {
            var listener = new SnapshotTestListener();
            listener.Elb.RemoveRule(listener.Arns[2]);
            listener.Add(3, "/squatter/*", "tg-new");
            listener.Elb.ClearCalls();

            var error = Assert.Throws<MaintenanceModeException>(() => listener.Plan());
            Assert.Equal(ErrorIds.PriorityTakenByAddedRule, error.ErrorId);
            Assert.Empty(listener.Elb.Writes);

            var plan = listener.Plan(removeAdded: true);
            Assert.IsType<DeleteRuleStep>(plan.Steps[0]);
            Assert.IsType<CreateRuleStep>(plan.Steps[1]);
            var created = listener.Apply(plan);
            Assert.Empty(listener.Differences(new Dictionary<string, string> { [listener.Arns[2]] = created.Single().RuleArn! }));
        }

        [Fact]
        public void An_oidc_rule_modified_in_place_keeps_its_stored_secret()
        {
            var listener = new SnapshotTestListener();
            var arn = listener.Arns[1];
            listener.Elb.EditRule(arn).Actions = Oidc("tg-auth", "openid", "s3cret");
            listener.Snapshot = listener.TakeSnapshot();
            listener.Elb.EditRule(arn).Actions![0].AuthenticateOidcConfig!.Scope = "openid email"; // someone else changed the scope; AWS kept the secret

            var plan = listener.Plan();
            listener.Apply(plan);

            var step = Assert.IsType<ModifyRuleStep>(Assert.Single(plan.Steps));
            Assert.Null(step.Actions![0].AuthenticateOidcConfig!.ClientSecret); // so the client sends UseExistingClientSecret=true
            Assert.Equal("s3cret", listener.StoredSecret(arn));
            Assert.Equal("openid", listener.Elb.EditRule(arn).Actions![0].AuthenticateOidcConfig!.Scope);
            Assert.Empty(listener.Differences());
        }

        [Fact]
        public void A_deleted_oidc_rule_without_a_secret_is_refused_before_any_change()
        {
            var listener = new SnapshotTestListener();
            var arn = listener.Arns[3];
            listener.Elb.EditRule(arn).Actions = Oidc("tg-auth", "openid", "s3cret");
            listener.Snapshot = listener.TakeSnapshot();
            listener.Elb.RemoveRule(arn);
            listener.Elb.EditRule(listener.Arns[0]).Actions = Forward("tg-other");
            listener.Elb.ClearCalls();

            var error = Assert.Throws<MaintenanceModeException>(() => listener.Plan());

            Assert.Equal(ErrorIds.OidcSecretRequired, error.ErrorId);
            Assert.Contains(arn, error.Message);
            Assert.Contains("-ClientSecret", error.Message);
            Assert.Empty(listener.Elb.Writes);
        }

        [Fact]
        public void A_deleted_oidc_rule_is_recreated_with_the_secret_given()
        {
            var listener = new SnapshotTestListener();
            var arn = listener.Arns[3];
            listener.Elb.EditRule(arn).Actions = Oidc("tg-auth", "openid", "s3cret");
            listener.Snapshot = listener.TakeSnapshot();
            listener.Elb.RemoveRule(arn);

            var plan = listener.Plan(secrets: new Dictionary<string, string> { [arn] = "n3w" });
            var created = listener.Apply(plan);

            Assert.DoesNotContain("n3w", string.Join("\n", plan.Steps.Select(s => s.ToString())));
            Assert.Equal("n3w", listener.StoredSecret(created.Single().RuleArn!));
        }

        [Fact]
        public void Default_actions_and_tags_are_put_back_with_modify_listener_and_retags()
        {
            var listener = new SnapshotTestListener();
            listener.Elb.SetDefaultActions(SnapshotTestListener.ListenerArn, Forward("tg-other"));
            listener.Elb.SetTags(SnapshotTestListener.ListenerArn, new Tag { Key = "env", Value = "test" }, new Tag { Key = "team", Value = "x" }, new Tag { Key = ModuleTags.Prefix + "other", Value = "y" });
            listener.Elb.SetTags(listener.Arns[0]);

            var plan = listener.Plan();

            Assert.Equal(new[] { "ModifyListener", "AddTags", "AddTags+RemoveTags" }, plan.Steps.Select(s => s.Operation));
            var listenerTags = plan.Steps.OfType<TagResourceStep>().Single(s => s.What == "listener");
            Assert.Equal(new[] { "team" }, listenerTags.Remove); // the module's own keys are never touched
            listener.Apply(plan);
            Assert.Empty(listener.Differences());
            Assert.Contains(listener.Elb.StoredTags(SnapshotTestListener.ListenerArn), t => t.Key == ModuleTags.Prefix + "other");
        }

        [Fact]
        public void Everything_at_once_comes_back_with_the_same_arns_for_every_surviving_rule()
        {
            var listener = new SnapshotTestListener();
            var elb = listener.Elb;
            listener.Move(listener.Arns[0], 2);
            listener.Move(listener.Arns[1], 1);
            elb.EditRule(listener.Arns[2]).Actions = Forward("tg-x");
            elb.RemoveRule(listener.Arns[3]);
            var added = listener.Add(9, "/added/*", "tg-y").RuleArn!;

            var created = listener.Apply(listener.Plan(removeAdded: true));

            var rules = listener.Read().UserRules;
            Assert.Equal(5, rules.Count);
            Assert.Equal(new[] { listener.Arns[0], listener.Arns[1], listener.Arns[2], created.Single().RuleArn, listener.Arns[4] }, rules.Select(r => r.RuleArn));
            Assert.DoesNotContain(rules, r => r.RuleArn == added);
            Assert.Empty(listener.Differences(new Dictionary<string, string> { [listener.Arns[3]] = created.Single().RuleArn! }));
        }

        [Fact]
        public void A_failed_call_undoes_the_moves_and_modifies_already_made()
        {
            var listener = new SnapshotTestListener();
            var elb = listener.Elb;
            listener.Move(listener.Arns[0], 2);
            listener.Move(listener.Arns[1], 1);
            elb.EditRule(listener.Arns[2]).Actions = Forward("tg-x");
            elb.SetTags(listener.Arns[4], new Tag { Key = "extra", Value = "1" });
            var before = ModelJson.Serialize(listener.Read().Rules);
            elb.FailNext("RemoveTags");

            var error = Assert.Throws<PlanFailedException>(() => listener.Apply(listener.Plan()));

            Assert.True(error.RolledBack);
            Assert.Equal(before, ModelJson.Serialize(listener.Read().Rules));
        }

        [Fact]
        public void A_snapshot_of_another_listener_is_refused()
        {
            var listener = new SnapshotTestListener();
            listener.Snapshot.ListenerArn = SnapshotTestListener.ListenerArn.Replace("00000000000000aa", "00000000000000bb");

            var error = Assert.Throws<MaintenanceModeException>(() => listener.Plan());

            Assert.Equal(ErrorIds.SnapshotListenerMismatch, error.ErrorId);
        }

        [Fact]
        public void A_listener_in_maintenance_is_refused()
        {
            var listener = new SnapshotTestListener();
            listener.Add(40, "/*", "tg-page", new Tag { Key = ModuleTags.Role, Value = ModuleTags.MaintenanceRole });

            var error = Assert.Throws<MaintenanceModeException>(() => listener.Plan());

            Assert.Equal(ErrorIds.ListenerInMaintenance, error.ErrorId);
        }

        [Theory]
        [InlineData("duplicate-priority")]
        [InlineData("no-actions")]
        [InlineData("no-default")]
        public void A_damaged_snapshot_is_refused_as_corrupt(string damage)
        {
            var listener = new SnapshotTestListener();
            switch (damage)
            {
                case "duplicate-priority": listener.Snapshot.Rules[1].Priority = 1; break;
                case "no-actions": listener.Snapshot.Rules[0].Actions = new List<Action>(); break;
                default: listener.Snapshot.DefaultActions = new List<Action>(); break;
            }

            var error = Assert.Throws<MaintenanceModeException>(() => listener.Plan());

            Assert.Equal(ErrorIds.SnapshotCorrupt, error.ErrorId);
        }
    }
}
