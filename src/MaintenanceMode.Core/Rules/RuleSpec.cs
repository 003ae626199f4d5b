using System.Collections.Generic;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Rules
{
    /// <summary>A rule the module means to create: what CreateRule takes, plus a summary safe to print.</summary>
    public sealed class RuleSpec
    {
        public int Priority { get; set; }

        public List<RuleCondition> Conditions { get; set; } = new List<RuleCondition>();

        public List<Action> Actions { get; set; } = new List<Action>();

        public List<RuleTransform>? Transforms { get; set; }

        public List<Tag> Tags { get; set; } = new List<Tag>();

        /// <summary>Words for -WhatIf and -Verbose. Never holds a header secret.</summary>
        public string Summary { get; set; } = string.Empty;

        /// <summary>The user's rule whose routing a bypass rule copies; null for the default rule and the page.</summary>
        public string? CopiesRuleArn { get; set; }

        public CreateRuleRequest ToRequest(string listenerArn) => new CreateRuleRequest
        {
            ListenerArn = listenerArn,
            Priority = Priority,
            Conditions = Conditions,
            Actions = Actions,
            Transforms = Transforms,
            Tags = Tags,
        };
    }
}
