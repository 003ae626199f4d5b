using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Rules;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Snapshots.Restore
{
    /// <summary>
    /// A pure function: a snapshot and the listener now in, the fewest calls that bring the listener
    /// back out. Rules that still exist keep their ARNs: they are moved (SetRulePriorities) and
    /// modified in place (ModifyRule); only rules deleted since are created again, with new ARNs.
    /// Order: clear priorities the snapshot needs (-RemoveAdded), move, modify, recreate, default
    /// actions, tags, then the other deletions, so a failure undoes as little as possible and a rule
    /// is deleted only when nothing else can fail after it. Every refusal comes before any change.
    /// </summary>
    public static class RestorePlanner
    {
        public const string MovePurpose = "put the rules back at their snapshot priorities";

        public static MaintenancePlan Plan(ListenerSnapshot snapshot, ListenerState state, RestoreOptions options)
        {
            ListenerSnapshotCheck.Validate(snapshot, "the snapshot");
            CheckListener(snapshot, state);

            var now = state.UserRules.ToDictionary(r => r.RuleArn!, r => r);
            var saved = snapshot.Rules.OrderBy(r => r.Priority).ToList();
            var surviving = saved.Where(r => now.ContainsKey(r.RuleArn)).ToList();
            var deleted = saved.Where(r => !now.ContainsKey(r.RuleArn)).ToList();
            var savedArns = new HashSet<string>(saved.Select(r => r.RuleArn));
            var added = state.UserRules.Where(r => !savedArns.Contains(r.RuleArn!)).ToList();
            var wanted = new HashSet<int>(saved.Select(r => r.Priority));
            var warnings = new List<string>();

            CheckSecrets(deleted, options);
            if (!options.RemoveAdded)
            {
                CheckAddedRulesLeaveRoom(added, wanted);
            }

            var steps = new List<PlanStep>();
            var blocking = options.RemoveAdded ? added.Where(r => wanted.Contains(ListenerState.PriorityOf(r))).ToList() : new List<Rule>();
            var later = options.RemoveAdded ? added.Except(blocking).ToList() : new List<Rule>();
            steps.AddRange(blocking.Select(r => Delete(r, state, "frees a priority the snapshot needs")));

            var current = state.Rules.Where(r => !r.IsDefault && blocking.All(b => b.RuleArn != r.RuleArn))
                .ToDictionary(r => r.RuleArn!, ListenerState.PriorityOf);
            var targets = surviving.ToDictionary(r => r.RuleArn, r => r.Priority);
            steps.AddRange(PriorityMoves.Plan(current, targets, MovePurpose));

            var rewritten = new List<Rule>();
            foreach (var rule in surviving)
            {
                var modify = ModifyInPlace(rule, now[rule.RuleArn], options);
                if (modify != null)
                {
                    steps.Add(modify);
                    rewritten.Add(now[rule.RuleArn]);
                }
            }

            foreach (var rule in deleted)
            {
                steps.Add(new CreateRuleStep(state.ListenerArn, Recreate(rule, options)));
                warnings.Add($"Rule {rule.RuleArn} was deleted since the snapshot and is created again at priority {rule.Priority} with a new ARN; tools that own rules by ARN (Terraform, CloudFormation) will see it as a new rule.");
            }

            if (!ModelCopy.Same(SnapshotSecrets.WithoutSecrets(snapshot.DefaultActions), SnapshotSecrets.WithoutSecrets(state.DefaultActions)))
            {
                steps.Add(new ModifyListenerStep(state.ListenerArn, ActionsToSend(snapshot.DefaultActions, state.ListenerArn, options), state.DefaultActions.Select(ModelCopy.Of).ToList()));
                rewritten.AddRange(state.Rules.Where(r => r.IsDefault));
            }

            // A rewrite replaces whole lists, and the undo of it would send back only what the model holds.
            UnmodeledRuleMembers.Refuse(rewritten, state.ListenerArn, "Rewriting those rules from the snapshot (ModifyRule or ModifyListener)");

            foreach (var rule in surviving)
            {
                var tags = state.TagsOf(now[rule.RuleArn]);
                if (!SnapshotTags.Same(rule.Tags, tags))
                {
                    var (add, remove, previous) = SnapshotTags.Changes(tags, rule.Tags);
                    steps.Add(new TagResourceStep(rule.RuleArn, "rule", add, remove, previous));
                }
            }

            if (!SnapshotTags.Same(snapshot.ListenerTags, state.ListenerTags))
            {
                var (add, remove, previous) = SnapshotTags.Changes(state.ListenerTags, snapshot.ListenerTags);
                steps.Add(new TagResourceStep(state.ListenerArn, "listener", add, remove, previous));
            }

            steps.AddRange(later.Select(r => Delete(r, state, "added since the snapshot")));
            foreach (var rule in blocking.Concat(later).Where(r => SnapshotSecrets.HasOidc(r.Actions)))
            {
                warnings.Add($"Rule {rule.RuleArn} (added since the snapshot) authenticates with OIDC: once deleted it cannot be created again, because AWS never returns its client secret.");
            }

            if (!options.RemoveAdded && added.Count > 0)
            {
                warnings.Add($"{added.Count} rule(s) added since the snapshot stay ({string.Join(", ", added.Select(r => r.Priority))}); pass -RemoveAdded to delete them.");
            }

            return new MaintenancePlan(steps, new List<RuleDrift>(), warnings);
        }

        private static void CheckListener(ListenerSnapshot snapshot, ListenerState state)
        {
            if (!string.Equals(snapshot.ListenerArn, state.ListenerArn, StringComparison.Ordinal))
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotListenerMismatch,
                    $"The snapshot belongs to listener {snapshot.ListenerArn}, not {state.ListenerArn}. Nothing was changed. Restore it onto its own listener.")
                { Target = state.ListenerArn };
            }

            if (state.HasModuleChanges)
            {
                throw new MaintenanceModeException(ErrorIds.ListenerInMaintenance,
                    $"Listener {state.ListenerArn} is in maintenance (or an interrupted run left the module's rules). Nothing was changed. Run Disable-Maintenance first, then restore.")
                { Target = state.ListenerArn };
            }
        }

        /// <summary>AWS never returns an OIDC secret, so a deleted OIDC rule can only be created again with one given.</summary>
        private static void CheckSecrets(IEnumerable<SnapshotRule> deleted, RestoreOptions options)
        {
            var missing = deleted.Where(r => SnapshotSecrets.HasOidc(r.Actions) && !HasSecret(options, r.RuleArn)).ToList();
            if (missing.Count > 0)
            {
                throw new MaintenanceModeException(ErrorIds.OidcSecretRequired,
                    $"Rule(s) {string.Join(", ", missing.Select(r => $"{r.RuleArn} (priority {r.Priority})"))} were deleted since the snapshot and authenticate with OIDC; AWS never returns a client secret, so recreating them needs it. Nothing was changed. Pass -ClientSecret @{{ '<rule ARN>' = <secret> }} for each.");
            }
        }

        private static void CheckAddedRulesLeaveRoom(IEnumerable<Rule> added, HashSet<int> wanted)
        {
            var blocking = added.Where(r => wanted.Contains(ListenerState.PriorityOf(r))).ToList();
            if (blocking.Count > 0)
            {
                throw new MaintenanceModeException(ErrorIds.PriorityTakenByAddedRule,
                    $"Rule(s) added since the snapshot hold priorities the snapshot needs: {string.Join(", ", blocking.Select(r => $"{r.RuleArn} at {r.Priority}"))}. Nothing was changed. Pass -RemoveAdded to delete the rules added since, or move them to free priorities first.");
            }
        }

        private static ModifyRuleStep? ModifyInPlace(SnapshotRule saved, Rule now, RestoreOptions options)
        {
            var parts = SnapshotComparer.ChangedParts(saved, now, Array.Empty<Tag>()).Where(p => p != SnapshotComparer.TagsPart).ToList();
            if (parts.Count == 0)
            {
                return null;
            }

            var transforms = parts.Contains(SnapshotComparer.TransformsPart);
            var savedTransforms = saved.Transforms ?? new List<RuleTransform>();
            return new ModifyRuleStep(
                now.Clone(),
                parts.Contains(SnapshotComparer.ConditionsPart) ? saved.Conditions.Select(ModelCopy.Of).ToList() : null,
                parts.Contains(SnapshotComparer.ActionsPart) ? ActionsToSend(saved.Actions, saved.RuleArn, options) : null,
                transforms && savedTransforms.Count > 0 ? savedTransforms.Select(ModelCopy.Of).ToList() : null,
                transforms && savedTransforms.Count == 0,
                "restore");
        }

        /// <summary>Actions without their OIDC secret (so AWS keeps the stored one), unless the caller gave a new one.</summary>
        private static List<Action> ActionsToSend(IEnumerable<Action> actions, string arn, RestoreOptions options) =>
            HasSecret(options, arn) ? SnapshotSecrets.WithSecret(actions, options.ClientSecrets[arn]) : SnapshotSecrets.WithoutSecrets(actions);

        private static RuleSpec Recreate(SnapshotRule rule, RestoreOptions options) => new RuleSpec
        {
            Priority = rule.Priority,
            Conditions = rule.Conditions.Select(ModelCopy.Of).ToList(),
            Actions = ActionsToSend(rule.Actions, rule.RuleArn, options),
            Transforms = rule.Transforms?.Select(ModelCopy.Of).ToList(),
            Tags = rule.Tags.Select(ModelCopy.Of).ToList(),
            Summary = $"recreate rule {rule.RuleArn} (deleted since the snapshot): {string.Join(" + ", rule.Conditions.Select(c => c.Field))} -> {SnapshotComparer.Types(rule.Actions)}",
            CopiesRuleArn = rule.RuleArn,
        };

        private static DeleteRuleStep Delete(Rule rule, ListenerState state, string why) =>
            new DeleteRuleStep(rule, $"{rule.RuleArn} ({why})") { Tags = state.TagsOf(rule).ToList(), ListenerArn = state.ListenerArn };

        private static bool HasSecret(RestoreOptions options, string arn) =>
            options.ClientSecrets.TryGetValue(arn, out var secret) && !string.IsNullOrEmpty(secret);
    }
}
