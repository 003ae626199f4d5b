using System;
using System.Collections.Generic;
using System.Linq;
using Action = MaintenanceMode.Aws.Elbv2.Action;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Rules;
using MaintenanceMode.Rules.Bypass;
using MaintenanceMode.Snapshots;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>
    /// The heart of the module, a pure function: listener state and settings in, the mutating calls
    /// out. Layout while in maintenance, in evaluation order:
    ///   bypass copies of the user's rules (allowed sources only) | the page (everyone else) | the user's rules.
    /// Enable: tag the listener with the state location; remove stale module rules; move the
    /// fewest user rules, in order, into free priorities when there is no room in front of them; stage the bypass rules; then ONE CreateRule for
    /// the page flips public traffic. Disable: ONE DeleteRule of the page flips it back, then the bypass
    /// rules go and every user rule returns to its snapshot priority. User rules are only ever moved.
    /// </summary>
    public static class MaintenancePlanner
    {
        /// <param name="stateTag">The value of the listener's state tag: the snapshot's location and digest (<see cref="StateTag"/>).</param>
        public static MaintenancePlan PlanEnable(ListenerState state, MaintenanceSettings settings, string stateTag)
        {
            OtherOwners.RefuseControllerManaged(state, settings.IgnoreLoadBalancerController);
            // Every rule, the default included: its snapshot and bypass copies are made from the model.
            UnmodeledRuleMembers.Refuse(state.Rules, state.ListenerArn, "Snapshotting the listener and copying its rules for the bypass");
            RuleShape.Check(state);
            var listenerArn = state.ListenerArn;
            var users = state.UserRules;
            var bypass = BypassRuleBuilder.Build(users, state.DefaultActions, settings);
            var page = PageRule(settings);
            var steps = new List<PlanStep>();

            if (state.StateTag != stateTag)
            {
                var previous = state.ListenerTags.Where(t => t.Key == ModuleTags.State).ToList();
                steps.Add(TagResourceStep.Adding(listenerArn, new List<Tag> { new Tag { Key = ModuleTags.State, Value = stateTag } }, previous));
            }

            var page0 = state.MaintenanceRule;
            var api = ApiRuleBuilder.Build(settings);
            var deletes = state.ExtraMaintenanceRules.Select(r => new DeleteRuleStep(r, "leftover page rule of an interrupted run") { Tags = state.TagsOf(r) }).ToList();
            var minUser = users.Count == 0 ? RulePriority.Max + 1 : ListenerState.PriorityOf(users[0]);
            var pageTop = page0 == null ? minUser : ListenerState.PriorityOf(page0);

            // The module's rules above the page: bypass copies, then the API answers. Kept as they
            // are when they match what is asked and sit in that order; otherwise replaced whole.
            var existingBypass = state.BypassRules;
            var existingApi = state.ApiRules;
            var existingFront = existingBypass.Concat(existingApi).ToList();
            var keepFront = BypassMatches(existingBypass, bypass)
                && BypassMatches(existingApi, api)
                && InOrder(existingFront)
                && existingFront.All(b => ListenerState.PriorityOf(b) < pageTop)
                && pageTop <= minUser;

            var creates = new List<RuleSpec>();
            var apiCreates = new List<RuleSpec>();
            var moves = new Dictionary<string, int>();
            int pagePriority;
            if (keepFront && page0 != null)
            {
                pagePriority = ListenerState.PriorityOf(page0);
            }
            else if (keepFront && (existingFront.Count == 0 ? 0 : ListenerState.PriorityOf(existingFront[existingFront.Count - 1])) < minUser - 1)
            {
                pagePriority = minUser - 1;
            }
            else
            {
                // API answers first (requests they served get the page meanwhile, still maintenance),
                // then bypass copies last first: the copies left are always a prefix, so an allowed
                // request is routed by its own copy or falls through to the page, never to a later copy.
                deletes.AddRange(existingApi.Reverse().Select(r => new DeleteRuleStep(r, "API answer to be replaced") { Tags = state.TagsOf(r) }));
                deletes.AddRange(existingBypass.Reverse().Select(r => new DeleteRuleStep(r, "bypass rule to be replaced") { Tags = state.TagsOf(r) }));
                // Bypass copies, API answers, the page, then the user's rules in their order: only the
                // rules that must move do, into the free priorities (PriorityRelayout).
                var order = new List<LayoutSlot>();
                order.AddRange(Enumerable.Repeat(LayoutSlot.New(), bypass.Count + api.Count));
                order.Add(page0 == null ? LayoutSlot.New() : LayoutSlot.Existing(ListenerState.PriorityOf(page0), isUserRule: false));
                order.AddRange(users.Select(u => LayoutSlot.Existing(ListenerState.PriorityOf(u), isUserRule: true)));
                var at = PriorityRelayout.Assign(order);
                for (var i = 0; i < bypass.Count; i++)
                {
                    bypass[i].Priority = at[i];
                    creates.Add(bypass[i]);
                }

                for (var i = 0; i < api.Count; i++)
                {
                    api[i].Priority = at[bypass.Count + i];
                    apiCreates.Add(api[i]);
                }

                pagePriority = at[bypass.Count + api.Count];
                if (page0 != null && pagePriority != ListenerState.PriorityOf(page0))
                {
                    moves[page0.RuleArn!] = pagePriority;
                }

                for (var i = 0; i < users.Count; i++)
                {
                    var to = at[bypass.Count + api.Count + 1 + i];
                    if (to != ListenerState.PriorityOf(users[i]))
                    {
                        moves[users[i].RuleArn!] = to;
                    }
                }
            }

            page.Priority = pagePriority;
            CheckLimits(creates.Concat(apiCreates).Concat(new[] { page }));
            var own = creates.Count + apiCreates.Count + (page0 == null ? 1 : 0);
            var quota = state.RuleQuota ?? RuleQuota.Given(settings.RuleQuota);
            if (state.RulesOnLoadBalancer + own - deletes.Count > quota.Value)
            {
                throw new MaintenanceModeException(ErrorIds.RuleQuotaExceeded,
                    $"Maintenance on {listenerArn} needs {own} rules of its own ({creates.Count} for the bypass, {apiCreates.Count} for API clients); the load balancer has {state.RulesOnLoadBalancer} rules and its quota is {quota.Value}, {quota.Source}. Narrow -AllowSourceIp/-AllowHeader/-AllowPath/-AllowHost/-ApiPathPattern, enable without a bypass, or raise the quota through Service Quotas. Nothing was changed.");
            }

            steps.AddRange(deletes);
            if (moves.Count > 0)
            {
                var current = state.Rules.Where(r => r.IsDefault != true && !deletes.Any(d => d.Rule.RuleArn == r.RuleArn))
                    .ToDictionary(r => r.RuleArn!, ListenerState.PriorityOf);
                steps.AddRange(PriorityMoves.Plan(current, moves, "make room in front of the user's rules; their order is kept"));
            }

            steps.AddRange(creates.Select(c => new CreateRuleStep(listenerArn, c)));
            if (page0 == null)
            {
                steps.Add(new CreateRuleStep(listenerArn, page) { FlipsPublicTraffic = true });
            }
            else if (!AwsRuleDefaults.SameActions(page.Actions, page0.Actions) || !AwsRuleDefaults.SameConditions(page.Conditions, page0.Conditions))
            {
                steps.Add(new ModifyRuleStep(page0, page.Conditions, page.Actions, null, false, "the page: " + page.Summary));
            }

            // After the flip: they only change how the answer looks to clients already getting the page.
            steps.AddRange(apiCreates.Select(c => new CreateRuleStep(listenerArn, c)));
            return new MaintenancePlan(steps, new List<RuleDrift>(), new List<string>());
        }

        public static MaintenancePlan PlanDisable(ListenerState state, ListenerSnapshot? snapshot)
        {
            if (snapshot != null)
            {
                // Only rules the module made go: a rule the snapshot lists as the user's stays, role tag or not.
                state = state.WithUserRules(snapshot.UserRuleArns);
            }

            var steps = new List<PlanStep>();
            var warnings = new List<string>();
            var page = state.MaintenanceRule;

            // API answers go first: the requests they served get the page until the flip.
            var deleted = new List<Rule>(state.ApiRules.Reverse());
            steps.AddRange(deleted.Select(r => new DeleteRuleStep(r, "JSON answer for API clients") { Tags = state.TagsOf(r) }));
            if (page != null)
            {
                steps.Add(new DeleteRuleStep(page, "the maintenance page: public traffic returns") { FlipsPublicTraffic = true, Tags = state.TagsOf(page) });
            }

            var rest = new List<Rule>(state.ExtraMaintenanceRules);
            // Last first: the copies left are a prefix, and an allowed request that matches none of them
            // falls through to the user's rules, which route it as its deleted copy did. Top first would
            // hand it to a later copy (often the default's) for the length of the run.
            rest.AddRange(state.BypassRules.Reverse());
            steps.AddRange(rest.Select(r => new DeleteRuleStep(r, state.RoleOf(r) == ModuleTags.BypassRole ? "bypass rule" : "leftover page rule") { Tags = state.TagsOf(r) }));
            deleted.AddRange(rest);
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

            // A rule that carries the role tag but is not the module's (the snapshot lists it as the user's, or the
            // record does not list it) stays, and loses the module's tag: otherwise every later read would take it
            // for a rule of the module's left behind, and the next run without a record would delete it.
            foreach (var rule in state.RoleTaggedUserRules)
            {
                var role = state.TagsOf(rule).Where(t => t.Key == ModuleTags.Role).ToList();
                steps.Add(new TagResourceStep(rule.RuleArn!, "rule", new List<Tag>(), new List<string> { ModuleTags.Role }, role));
            }

            if (state.StateLocation != null)
            {
                steps.Add(TagResourceStep.Removing(state.ListenerArn, new List<string> { ModuleTags.State },
                    state.ListenerTags.Where(t => t.Key == ModuleTags.State).ToList()));
            }

            return new MaintenancePlan(steps, drift, warnings);
        }

        /// <summary>The page: a fixed response (or a 302 to a hosted page) for every path, tagged as the module's.</summary>
        public static RuleSpec PageRule(MaintenanceSettings settings) => new RuleSpec
        {
            Conditions = new List<RuleCondition> { RuleConditions.PathPatternCondition("/*") },
            Actions = new List<Action> { settings.RedirectUrl != null ? RedirectAction(settings.RedirectUrl) : FixedResponse(settings) },
            Tags = ModuleTags.ForRule(ModuleTags.MaintenanceRole),
            Summary = settings.RedirectUrl != null
                ? $"the maintenance page: a 302 to {settings.RedirectUrl} for every request"
                : $"the maintenance page ({settings.StatusCode}, {settings.PageContentType}, {RuleLimits.MessageBodyLength(settings.PageBody)} characters) for every request",
        };

        private static Action FixedResponse(MaintenanceSettings settings) => new Action
        {
            Type = "fixed-response",
            FixedResponseConfig = new FixedResponseActionConfig
            {
                StatusCode = settings.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ContentType = settings.PageContentType,
                MessageBody = settings.PageBody,
            },
        };

        /// <summary>A page too large to inline lives elsewhere; ALB sends every visitor there.</summary>
        public static Action RedirectAction(Uri url) => new Action
        {
            Type = "redirect",
            RedirectConfig = new RedirectActionConfig
            {
                Protocol = url.Scheme.ToUpperInvariant(),
                Host = url.Host,
                Port = url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Path = string.IsNullOrEmpty(url.AbsolutePath) ? "/" : Uri.UnescapeDataString(url.AbsolutePath),
                Query = url.Query.Length > 1 ? url.Query.Substring(1) : null,
                StatusCode = "HTTP_302",
            },
        };

        /// <summary>True when the rules' priorities ascend in the order given.</summary>
        private static bool InOrder(IReadOnlyList<Rule> rules)
        {
            for (var i = 1; i < rules.Count; i++)
            {
                if (ListenerState.PriorityOf(rules[i - 1]) >= ListenerState.PriorityOf(rules[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool BypassMatches(IReadOnlyList<Rule> existing, IReadOnlyList<RuleSpec> desired)
        {
            if (existing.Count != desired.Count)
            {
                return false;
            }

            for (var i = 0; i < existing.Count; i++)
            {
                // Semantically: AWS returns a rule with its defaults filled in (see AwsRuleDefaults).
                if (!AwsRuleDefaults.SameConditions(existing[i].Conditions, desired[i].Conditions)
                    || !AwsRuleDefaults.SameActions(existing[i].Actions, desired[i].Actions))
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
                    throw new MaintenanceModeException(ErrorIds.RuleLimitExceeded,
                        $"The {rule.Summary} would break ALB's limits: {string.Join("; ", problems)}. Nothing was changed.");
                }
            }
        }
    }
}
