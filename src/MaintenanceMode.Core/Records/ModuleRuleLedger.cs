using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Operations.Planning.Steps;

namespace MaintenanceMode.Records
{
    /// <summary>
    /// Which of a listener's role-tagged rules are the module's: those its record lists (<see cref="MaintenanceRecord.ModuleRules"/>),
    /// by ARN or, for a rule whose CreateRule reply never reached the record (or that an undo created again
    /// under a new ARN), by exact identity. Anyone allowed
    /// elasticloadbalancing:AddTags can put the role tag on a rule; such a rule is the user's (never deleted)
    /// and reported as drift. A record without the list (written by an earlier version, or lost) leaves the
    /// role tag as the only evidence: the rules are taken as the module's, with a warning that names them.
    /// </summary>
    public sealed class ModuleRuleLedger
    {
        private ModuleRuleLedger(ListenerState state, IReadOnlyList<Rule> unrecorded, IReadOnlyList<ModuleRuleEntry>? entries, string? warning)
        {
            State = state;
            Unrecorded = unrecorded;
            Entries = entries;
            Warning = warning;
        }

        /// <summary>The listener, with every role-tagged rule the record does not list counted as the user's.</summary>
        public ListenerState State { get; }

        /// <summary>Rules carrying the role tag that the record does not list, in priority order.</summary>
        public IReadOnlyList<Rule> Unrecorded { get; }

        /// <summary>The record's list as read; null when the record has none.</summary>
        public IReadOnlyList<ModuleRuleEntry>? Entries { get; }

        /// <summary>Set when the role tag alone decided (no list to go by) and some rule carries it.</summary>
        public string? Warning { get; }

        /// <param name="record">The listener's record; null when there is none (or it could not be read as one).</param>
        public static ModuleRuleLedger Check(ListenerState state, MaintenanceRecord? record)
        {
            var tagged = state.Rules.Where(r => r.IsDefault != true && r.RuleArn != null && state.RoleOf(r) != null).OrderBy(ListenerState.PriorityOf).ToList();
            if (record?.ModuleRules == null)
            {
                var warning = tagged.Count == 0 ? null
                    : $"The record of {state.ListenerArn} {(record == null ? "is missing" : "was written by an earlier version of MaintenanceMode")} and does not list the module's rules, "
                      + $"so the rules tagged {ModuleTags.Role} are taken as the module's by their tag alone: {string.Join(", ", tagged.Select(r => $"{r.RuleArn} (priority {r.Priority}, {state.RoleOf(r)})"))}. "
                      + "If one of them is not the module's, stop (-WhatIf shows the plan) and remove its role tag first.";
                return new ModuleRuleLedger(state, new List<Rule>(), null, warning);
            }

            var entries = record.ModuleRules;
            var arns = new HashSet<string>(entries.Where(e => e.RuleArn != null).Select(e => e.RuleArn!));
            // An entry whose ARN is gone stands by its identity too: an undo (a failed Disable's, a failed
            // re-Enable's) creates a deleted rule again, exactly as it was, under a new ARN.
            var present = new HashSet<string>(state.Rules.Where(r => r.RuleArn != null).Select(r => r.RuleArn!));
            var identities = entries.Where(e => e.RuleArn == null || !present.Contains(e.RuleArn)).ToList();
            var unrecorded = new List<Rule>();
            foreach (var rule in tagged)
            {
                if (arns.Contains(rule.RuleArn!))
                {
                    continue;
                }

                var role = state.RoleOf(rule)!;
                var identity = identities.FirstOrDefault(e => e.Identifies(rule, role));
                if (identity != null)
                {
                    // Each identity stands for one rule: a second rule of the same shape is someone's copy.
                    identities.Remove(identity);
                    continue;
                }

                unrecorded.Add(rule);
            }

            return new ModuleRuleLedger(state.WithUserRules(unrecorded.Select(r => r.RuleArn!)), unrecorded, entries, null);
        }

        /// <summary>
        /// The list to write before <paramref name="plan"/> runs: every rule of the module's now (by ARN), every
        /// rule the plan creates (by identity), and identities still unconfirmed (their rule may not read back yet).
        /// </summary>
        public List<ModuleRuleEntry> BeforeRun(MaintenancePlan plan)
        {
            var entries = ModuleRules(State);
            entries.AddRange(plan.Steps.OfType<CreateRuleStep>().Select(c => ModuleRuleEntry.Intended(c.Rule)));
            entries.AddRange(Unconfirmed(entries));
            return entries;
        }

        /// <summary>The list once <paramref name="plan"/> ran: what it deleted gone, what it created by ARN.</summary>
        public List<ModuleRuleEntry> AfterRun(MaintenancePlan plan, IReadOnlyList<Rule> created)
        {
            var deleted = new HashSet<string>(plan.Steps.OfType<DeleteRuleStep>().Select(d => d.Rule.RuleArn!));
            var entries = ModuleRules(State).Where(e => !deleted.Contains(e.RuleArn!)).ToList();
            var made = new List<ModuleRuleEntry>();
            foreach (var spec in plan.Steps.OfType<CreateRuleStep>().Select(c => c.Rule))
            {
                var rule = created.FirstOrDefault(r => r.RuleArn != null && r.Priority != null && ListenerState.PriorityOf(r) == spec.Priority);
                var entry = ModuleRuleEntry.Intended(spec);
                entry.RuleArn = rule?.RuleArn;
                made.Add(entry);
            }

            entries.AddRange(Unconfirmed(entries.Concat(made).ToList()));
            entries.AddRange(made);
            return entries;
        }

        private static List<ModuleRuleEntry> ModuleRules(ListenerState state) =>
            state.Rules.Where(r => r.IsDefault != true && r.RuleArn != null && state.RoleOf(r) != null)
                .OrderBy(ListenerState.PriorityOf)
                .Select(r => ModuleRuleEntry.Existing(r, state.RoleOf(r)!))
                .ToList();

        /// <summary>Identities of the record that no rule read now matched, and that <paramref name="kept"/> does not name again.</summary>
        private IEnumerable<ModuleRuleEntry> Unconfirmed(IReadOnlyList<ModuleRuleEntry> kept)
        {
            if (Entries == null)
            {
                return Enumerable.Empty<ModuleRuleEntry>();
            }

            var matched = ModuleRules(State);
            return Entries.Where(e => e.RuleArn == null
                && !matched.Any(m => m.Role == e.Role && m.Priority == e.Priority && m.Shape == e.Shape)
                && !kept.Any(k => k.Role == e.Role && k.Priority == e.Priority && k.Shape == e.Shape)).ToList();
        }
    }
}
