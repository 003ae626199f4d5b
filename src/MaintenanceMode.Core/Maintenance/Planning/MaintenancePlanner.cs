using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Maintenance.Planning
{
    /// <summary>
    /// The heart of the module, a pure function: listener state and settings in, the mutating calls
    /// out. Layout while in maintenance, in evaluation order:
    ///   bypass copies of the user's rules (allowed sources only) | the page (everyone else) | the user's rules.
    /// Enable: tag the listener with the state location; remove stale module rules; shift the user's
    /// rules up only when there is no room above them; stage the bypass rules; then ONE CreateRule for
    /// the page flips public traffic. Disable: ONE DeleteRule of the page flips it back, then the bypass
    /// rules go and every user rule returns to its snapshot priority. User rules are only ever moved.
    /// </summary>
    public static class MaintenancePlanner
    {
        public const string RuleQuotaExceededErrorId = "RuleQuotaExceeded";

        public static MaintenancePlan PlanEnable(ListenerState state, MaintenanceSettings settings, string stateLocation)
        {
            var listenerArn = state.ListenerArn;
            var users = state.UserRules;
            var bypass = BypassRuleBuilder.Build(users, state.DefaultActions, settings);
            var page = PageRule(settings);
            var steps = new List<PlanStep>();

            if (state.StateLocation != stateLocation)
            {
                var previous = state.ListenerTags.Where(t => t.Key == ModuleTags.State).ToList();
                steps.Add(TagListenerStep.Adding(listenerArn, new List<Tag> { new Tag { Key = ModuleTags.State, Value = stateLocation } }, previous));
            }

            var page0 = state.MaintenanceRule;
            var deletes = state.ExtraMaintenanceRules.Select(r => new DeleteRuleStep(r, "leftover page rule of an interrupted run") { Tags = state.TagsOf(r) }).ToList();
            var minUser = users.Count == 0 ? RulePriority.Max + 1 : ListenerState.PriorityOf(users[0]);
            var existingBypass = state.BypassRules;
            var keepBypass = BypassMatches(existingBypass, bypass)
                && existingBypass.All(b => ListenerState.PriorityOf(b) < (page0 == null ? minUser : ListenerState.PriorityOf(page0)))
                && (page0 == null || ListenerState.PriorityOf(page0) < minUser);

            var creates = new List<RuleSpec>();
            var moves = new Dictionary<string, int>();
            int pagePriority;
            if (keepBypass && page0 != null)
            {
                pagePriority = ListenerState.PriorityOf(page0);
            }
            else if (keepBypass && (existingBypass.Count == 0 ? 0 : ListenerState.PriorityOf(existingBypass[existingBypass.Count - 1])) < minUser - 1)
            {
                pagePriority = minUser - 1;
            }
            else
            {
                keepBypass = false;
                // Last first: the copies left are always a prefix, so an allowed request is routed by its
                // own copy or falls through to the page, never to a later copy (the default's).
                deletes.AddRange(existingBypass.Reverse().Select(r => new DeleteRuleStep(r, "bypass rule to be replaced") { Tags = state.TagsOf(r) }));
                pagePriority = Relayout(state, users, page0, bypass.Count, moves);
                for (var i = 0; i < bypass.Count; i++)
                {
                    bypass[i].Priority = pagePriority - bypass.Count + i;
                    creates.Add(bypass[i]);
                }
            }

            page.Priority = pagePriority;
            CheckLimits(creates.Concat(new[] { page }));
            var added = creates.Count + (page0 == null ? 1 : 0) - deletes.Count;
            if (state.RulesOnLoadBalancer + added > settings.RuleQuota)
            {
                throw new MaintenanceModeException(RuleQuotaExceededErrorId, ErrorKind.LimitsExceeded,
                    $"Maintenance on {listenerArn} needs {creates.Count + (page0 == null ? 1 : 0)} rules of its own ({creates.Count} for the bypass); the load balancer has {state.RulesOnLoadBalancer} of its {settings.RuleQuota}-rule quota. Narrow -AllowSourceIp/-AllowHeader, enable without a bypass, or raise the quota. Nothing was changed.");
            }

            steps.AddRange(deletes);
            if (moves.Count > 0)
            {
                var current = state.Rules.Where(r => r.IsDefault != true && !deletes.Any(d => d.Rule.RuleArn == r.RuleArn))
                    .ToDictionary(r => r.RuleArn!, ListenerState.PriorityOf);
                steps.AddRange(PriorityMoves.Plan(current, moves, "make room above the user's rules; their order is kept"));
            }

            steps.AddRange(creates.Select(c => new CreateRuleStep(listenerArn, c)));
            if (page0 == null)
            {
                steps.Add(new CreateRuleStep(listenerArn, page) { FlipsPublicTraffic = true });
            }
            else if (!ModelCopy.Same(page.Actions, page0.Actions) || !ModelCopy.Same(page.Conditions, RuleConditions.WithoutMirroredValues(page0.Conditions)))
            {
                steps.Add(new ModifyRuleStep(page0, page));
            }

            return new MaintenancePlan(steps, new List<RuleDrift>(), new List<string>());
        }

        public static MaintenancePlan PlanDisable(ListenerState state, ListenerSnapshot? snapshot)
        {
            var steps = new List<PlanStep>();
            var warnings = new List<string>();
            var page = state.MaintenanceRule;
            if (page != null)
            {
                steps.Add(new DeleteRuleStep(page, "the maintenance page: public traffic returns") { FlipsPublicTraffic = true, Tags = state.TagsOf(page) });
            }

            var deleted = new List<Rule>(state.ExtraMaintenanceRules);
            // Last first: the copies left are a prefix, and an allowed request that matches none of them
            // falls through to the user's rules, which route it as its deleted copy did. Top first would
            // hand it to a later copy (often the default's) for the length of the run.
            deleted.AddRange(state.BypassRules.Reverse());
            steps.AddRange(deleted.Select(r => new DeleteRuleStep(r, state.RoleOf(r) == ModuleTags.BypassRole ? "bypass rule" : "leftover page rule") { Tags = state.TagsOf(r) }));
            if (page != null)
            {
                deleted.Add(page);
            }

            var drift = new List<RuleDrift>();
            if (snapshot == null)
            {
                if (state.UserRules.Count > 0)
                {
                    warnings.Add("No snapshot was found, so the user's rules keep their current priorities. Their order is unchanged, so they route as before.");
                }
            }
            else
            {
                var remaining = state.Rules.Where(r => r.IsDefault != true && deleted.All(d => d.RuleArn != r.RuleArn))
                    .ToDictionary(r => r.RuleArn!, ListenerState.PriorityOf);
                var targets = new Dictionary<string, int>();
                foreach (var saved in snapshot.Rules.Where(r => remaining.ContainsKey(r.RuleArn)))
                {
                    targets[saved.RuleArn] = saved.Priority;
                }

                // A rule added during maintenance may sit on a snapshot priority: that rule stays, and
                // the one that wanted the slot stays where it is (reported as moved).
                foreach (var target in targets.ToList())
                {
                    var holder = remaining.FirstOrDefault(r => r.Value == target.Value && r.Key != target.Key);
                    if (holder.Key != null && !targets.ContainsKey(holder.Key))
                    {
                        targets.Remove(target.Key);
                        drift.Add(new RuleDrift(DriftKind.Moved, target.Key, RulePriority.Format(remaining[target.Key]),
                            $"could not return to priority {target.Value}: rule {holder.Key} holds it now"));
                    }
                }

                steps.AddRange(PriorityMoves.Plan(remaining, targets, "put the user's rules back at their snapshot priorities"));
                drift.AddRange(DriftDetector.Compare(snapshot, state));
            }

            if (state.StateLocation != null)
            {
                steps.Add(TagListenerStep.Removing(state.ListenerArn, new List<string> { ModuleTags.State },
                    state.ListenerTags.Where(t => t.Key == ModuleTags.State).ToList()));
            }

            return new MaintenancePlan(steps, drift, warnings);
        }

        /// <summary>The page: a fixed response for every path, tagged as the module's.</summary>
        public static RuleSpec PageRule(MaintenanceSettings settings) => new RuleSpec
        {
            Conditions = new List<RuleCondition> { RuleConditions.PathPatternCondition("/*") },
            Actions = new List<Action>
            {
                new Action
                {
                    Type = "fixed-response",
                    FixedResponseConfig = new FixedResponseActionConfig
                    {
                        StatusCode = settings.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ContentType = settings.PageContentType,
                        MessageBody = settings.PageBody,
                    },
                },
            },
            Tags = ModuleTags.ForRule(ModuleTags.MaintenanceRole),
            Summary = $"the maintenance page ({settings.StatusCode}, {settings.PageContentType}, {RuleLimits.MessageBodyLength(settings.PageBody)} characters) for every request",
        };

        /// <summary>
        /// Finds room for the bypass rules and the page above the user's rules, moving the user's rules
        /// (and an existing page) above every current priority only when the room is not there.
        /// Returns the page's priority; the bypass rules take the slots just below it.
        /// </summary>
        private static int Relayout(ListenerState state, IReadOnlyList<Rule> users, Rule? page, int bypassCount, Dictionary<string, int> moves)
        {
            var minUser = users.Count == 0 ? RulePriority.Max + 1 : ListenerState.PriorityOf(users[0]);
            if (page != null)
            {
                var pagePriority = ListenerState.PriorityOf(page);
                if (pagePriority < minUser && pagePriority - 1 >= bypassCount)
                {
                    return pagePriority;
                }
            }
            else if (minUser - 1 >= bypassCount + 1)
            {
                return minUser - 1;
            }

            var top = state.Rules.Where(r => r.IsDefault != true).Select(ListenerState.PriorityOf).DefaultIfEmpty(0).Max();
            var pageAt = Math.Max(top, bypassCount) + 1;
            if (pageAt + users.Count > RulePriority.Max)
            {
                throw new MaintenanceModeException(PriorityMoves.PriorityRangeExhaustedErrorId, ErrorKind.LimitsExceeded,
                    $"There is no room for {bypassCount + 1} rules above the user's rules, and moving them up would pass ALB's maximum priority {RulePriority.Max}. Renumber the listener's rules to leave room at the top, then retry. Nothing was changed.");
            }

            if (page != null)
            {
                moves[page.RuleArn!] = pageAt;
            }

            for (var i = 0; i < users.Count; i++)
            {
                moves[users[i].RuleArn!] = pageAt + 1 + i;
            }

            return pageAt;
        }

        private static bool BypassMatches(IReadOnlyList<Rule> existing, IReadOnlyList<RuleSpec> desired)
        {
            if (existing.Count != desired.Count)
            {
                return false;
            }

            for (var i = 0; i < existing.Count; i++)
            {
                if (!ModelCopy.Same(RuleConditions.WithoutMirroredValues(existing[i].Conditions), RuleConditions.WithoutMirroredValues(desired[i].Conditions))
                    || !ModelCopy.Same(existing[i].Actions ?? new List<Action>(), desired[i].Actions))
                {
                    return false;
                }
            }

            return true;
        }

        private static void CheckLimits(IEnumerable<RuleSpec> rules)
        {
            foreach (var rule in rules)
            {
                var problems = RuleLimits.Violations(rule);
                if (problems.Count > 0)
                {
                    throw new MaintenanceModeException("RuleLimitExceeded", ErrorKind.LimitsExceeded,
                        $"The {rule.Summary} would break ALB's limits: {string.Join("; ", problems)}. Nothing was changed.");
                }
            }
        }
    }
}
