using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Rules;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Records
{
    /// <summary>
    /// One rule of the module's, as its record lists it: by ARN once CreateRule answered, and before that by
    /// identity (role, priority and a digest of its conditions and actions), written before the rule is created
    /// so that a run that dies in between still leaves the rule recognisable as the module's.
    /// </summary>
    public sealed class ModuleRuleEntry
    {
        public string Role { get; set; } = string.Empty;

        public int Priority { get; set; }

        /// <summary>SHA-256 of the rule's conditions and actions as AWS returns them, header values left out (<see cref="ShapeOf"/>).</summary>
        public string Shape { get; set; } = string.Empty;

        /// <summary>Null while the rule is only intended (or its CreateRule reply never came).</summary>
        public string? RuleArn { get; set; }

        /// <summary>A rule the plan is about to create.</summary>
        public static ModuleRuleEntry Intended(RuleSpec spec) => new ModuleRuleEntry
        {
            Role = ModuleTags.Find(spec.Tags, ModuleTags.Role) ?? string.Empty,
            Priority = spec.Priority,
            Shape = ShapeOf(spec.Conditions, spec.Actions),
        };

        /// <summary>A rule of the module's as read (or as CreateRule returned it).</summary>
        public static ModuleRuleEntry Existing(Rule rule, string role) => new ModuleRuleEntry
        {
            Role = role,
            Priority = ListenerState.PriorityOf(rule),
            Shape = ShapeOf(rule.Conditions, rule.Actions),
            RuleArn = rule.RuleArn,
        };

        /// <summary>True when <paramref name="rule"/>, carrying <paramref name="role"/>, is exactly the rule this identity names (its ARN aside).</summary>
        public bool Identifies(Rule rule, string role) =>
            Role == role && rule.Priority != null && Priority == ListenerState.PriorityOf(rule) && Shape == ShapeOf(rule.Conditions, rule.Actions);

        /// <summary>
        /// The digest of a rule's routing with AWS's defaults filled in (a rule written and the same rule read back
        /// give the same digest). Header values are blanked first: they are bypass secrets, and a record keeps names only.
        /// </summary>
        public static string ShapeOf(IEnumerable<RuleCondition>? conditions, IEnumerable<Action>? actions)
        {
            var normalized = AwsRuleDefaults.Conditions(conditions);
            foreach (var condition in normalized.Where(c => c.HttpHeaderConfig != null))
            {
                condition.HttpHeaderConfig!.Values = null;
                condition.Values = null;
            }

            var text = ModelJson.Serialize(normalized) + "\n" + ModelJson.Serialize(AwsRuleDefaults.Actions(actions));
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                return string.Concat(hash.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        public override string ToString() => RuleArn ?? $"{Role} rule at priority {Priority} (not yet confirmed by its ARN)";
    }
}
