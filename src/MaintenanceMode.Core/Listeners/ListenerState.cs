using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Records;
using MaintenanceMode.Rules;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// A listener as read now: its default actions, every rule (with tags) and its own tags.
    /// The planner's input; it tells the module's rules from the user's by the role tag.
    /// </summary>
    public sealed class ListenerState
    {
        private readonly ISet<string> _userRuleArns;

        public ListenerState(LoadBalancer loadBalancer, Listener listener, IReadOnlyList<Rule> rules,
            IReadOnlyDictionary<string, List<Tag>> ruleTags, IReadOnlyList<Tag> listenerTags, int rulesOnLoadBalancer, RuleQuota? ruleQuota = null)
            : this(loadBalancer, listener, rules, ruleTags, listenerTags, rulesOnLoadBalancer, ruleQuota, new HashSet<string>())
        {
        }

        private ListenerState(LoadBalancer loadBalancer, Listener listener, IReadOnlyList<Rule> rules,
            IReadOnlyDictionary<string, List<Tag>> ruleTags, IReadOnlyList<Tag> listenerTags, int rulesOnLoadBalancer, RuleQuota? ruleQuota, ISet<string> userRuleArns)
        {
            _userRuleArns = userRuleArns;
            RuleQuota = ruleQuota;
            LoadBalancer = loadBalancer;
            Listener = listener;
            Rules = rules;
            RuleTags = ruleTags;
            ListenerTags = listenerTags;
            RulesOnLoadBalancer = rulesOnLoadBalancer;
        }

        public LoadBalancer LoadBalancer { get; }

        public Listener Listener { get; }

        /// <summary>Every rule of the listener, the default rule included.</summary>
        public IReadOnlyList<Rule> Rules { get; }

        public IReadOnlyDictionary<string, List<Tag>> RuleTags { get; }

        public IReadOnlyList<Tag> ListenerTags { get; }

        /// <summary>Non-default rules on every listener of the load balancer: ALB's quota counts them all.</summary>
        public int RulesOnLoadBalancer { get; }

        /// <summary>The account's rule quota, when this read asked for it (Enable's reads do); null otherwise.</summary>
        public RuleQuota? RuleQuota { get; }

        public string ListenerArn => Listener.ListenerArn!;

        public List<Action> DefaultActions =>
            Rules.FirstOrDefault(r => r.IsDefault == true)?.Actions ?? Listener.DefaultActions ?? new List<Action>();

        public IReadOnlyList<Tag> TagsOf(Rule rule) =>
            rule.RuleArn != null && RuleTags.TryGetValue(rule.RuleArn, out var tags) ? tags : (IReadOnlyList<Tag>)Array.Empty<Tag>();

        /// <summary>The module role of a rule, null for a user's rule (whatever its tags say, when the snapshot lists it as the user's).</summary>
        public string? RoleOf(Rule rule) => rule.RuleArn != null && _userRuleArns.Contains(rule.RuleArn) ? null : ModuleTags.Find(TagsOf(rule), ModuleTags.Role);

        /// <summary>
        /// This state, knowing more rules to be the user's: those the snapshot lists (the module never made them),
        /// and role-tagged rules the module's record does not list (<see cref="ModuleRuleLedger"/>). A role tag on
        /// one was put there by someone else and does not make it the module's to delete. Adds to those known before.
        /// </summary>
        public ListenerState WithUserRules(IEnumerable<string> userRuleArns) =>
            new ListenerState(LoadBalancer, Listener, Rules, RuleTags, ListenerTags, RulesOnLoadBalancer, RuleQuota, new HashSet<string>(_userRuleArns.Concat(userRuleArns), StringComparer.Ordinal));

        /// <summary>The user's rules (by the snapshot, or unlisted by the record) that carry the module's role tag all the same: drift, never deleted.</summary>
        public IReadOnlyList<Rule> RoleTaggedUserRules =>
            Rules.Where(r => r.IsDefault != true && r.RuleArn != null && _userRuleArns.Contains(r.RuleArn) && ModuleTags.Find(TagsOf(r), ModuleTags.Role) != null)
                .OrderBy(PriorityOf).ToList();

        /// <summary>The user's rules (neither default nor the module's), in priority order.</summary>
        public IReadOnlyList<Rule> UserRules =>
            Rules.Where(r => r.IsDefault != true && RoleOf(r) == null).OrderBy(PriorityOf).ToList();

        public IReadOnlyList<Rule> BypassRules =>
            Rules.Where(r => r.IsDefault != true && RoleOf(r) == ModuleTags.BypassRole).OrderBy(PriorityOf).ToList();

        public IReadOnlyList<Rule> ApiRules =>
            Rules.Where(r => r.IsDefault != true && RoleOf(r) == ModuleTags.ApiRole).OrderBy(PriorityOf).ToList();

        /// <summary>The module's fixed-response rule, present while public traffic sees the page.</summary>
        public Rule? MaintenanceRule =>
            Rules.Where(r => r.IsDefault != true && RoleOf(r) == ModuleTags.MaintenanceRole).OrderBy(PriorityOf).FirstOrDefault();

        /// <summary>Extra maintenance rules left by an interrupted run; the planner removes them.</summary>
        public IReadOnlyList<Rule> ExtraMaintenanceRules =>
            Rules.Where(r => r.IsDefault != true && RoleOf(r) == ModuleTags.MaintenanceRole).OrderBy(PriorityOf).Skip(1).ToList();

        /// <summary>The listener's <see cref="ModuleTags.State"/> tag as it is: the location and the snapshot's digest (<see cref="Listeners.StateTag"/>).</summary>
        public string? StateTag => ModuleTags.Find(ListenerTags, ModuleTags.State);

        /// <summary>Where this listener's snapshot lives, while the module has it changed.</summary>
        public string? StateLocation => StateTag == null ? null : Listeners.StateTag.LocationOf(StateTag);

        public bool HasModuleChanges => StateLocation != null || Rules.Any(r => r.IsDefault != true && RoleOf(r) != null);

        public static int PriorityOf(Rule rule) => RulePriority.Parse(rule.Priority);
    }
}
