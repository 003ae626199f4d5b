using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>A listener rule as DescribeRules returns it (shape Rule).</summary>
    public sealed class Rule
    {
        private IReadOnlyList<string> _unmodeledMembers = Array.Empty<string>();

        public string? RuleArn { get; set; }

        /// <summary>A number as text, or <c>default</c> for the listener's default rule.</summary>
        public string? Priority { get; set; }

        public List<RuleCondition>? Conditions { get; set; }

        public List<Action>? Actions { get; set; }

        public bool IsDefault { get; set; }

        /// <summary>Host header and URL rewrites; carried so a read-then-write keeps them.</summary>
        public List<RuleTransform>? Transforms { get; set; }

        /// <summary>
        /// Elements of the service's answer that this model does not know (AWS keeps adding rule features), as
        /// paths such as <c>Conditions[2].HostHeaderConfig.NewMember</c>; empty when it knows them all. Not a wire
        /// member and never serialized: a rule holding any cannot be copied or rewritten without losing them.
        /// </summary>
        [JsonIgnore]
        public IReadOnlyList<string> UnmodeledMembers => _unmodeledMembers;

        internal void NoteUnmodeledMembers(IReadOnlyList<string> paths) => _unmodeledMembers = paths;

        /// <summary>A deep copy, so a plan can change it while the snapshot stays as read.</summary>
        public Rule Clone() => ModelJson.Clone(this);
    }
}
