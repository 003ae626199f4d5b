using System;
using System.Collections.Generic;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// Which rule of a listener answers a request, and with what: what Resolve-ListenerRoute writes. Never holds
    /// a header value (the request is described by header names only).
    /// </summary>
    public sealed class ListenerRoute
    {
        public string ListenerArn { get; set; } = string.Empty;

        public string? LoadBalancerName { get; set; }

        public int? Port { get; set; }

        /// <summary>The request evaluated, e.g. "GET https://shop.example.com:443/cart from 192.0.2.1 with header X-Canary".</summary>
        public string Request { get; set; } = string.Empty;

        /// <summary>The rule that answers; null only when the listener's default rule was not listed (its default actions answer).</summary>
        public string? RuleArn { get; set; }

        /// <summary>The rule's priority, or "default".</summary>
        public string Priority { get; set; } = "default";

        public bool IsDefault { get; set; }

        /// <summary>The module's tag on the rule: "maintenance" (the page), "bypass" (a copy for allowed sources), or null for the user's rules.</summary>
        public string? Role { get; set; }

        /// <summary>True when the request gets the module's maintenance page.</summary>
        public bool IsMaintenancePage => Role == Listeners.ModuleTags.MaintenanceRole;

        /// <summary>True when the request passes the page through one of the module's bypass rules.</summary>
        public bool IsBypass => Role == Listeners.ModuleTags.BypassRole;

        /// <summary>The rule's actions as a person reads them, e.g. "fixed-response 503 text/html".</summary>
        public string Action { get; set; } = string.Empty;

        /// <summary>For a redirect: the Location ALB would send for this request.</summary>
        public string? RedirectLocation { get; set; }

        /// <summary>The rule's actions, in the order ALB runs them.</summary>
        public IReadOnlyList<Action> Actions { get; set; } = Array.Empty<Action>();

        /// <summary>The rule's conditions (none for the default rule).</summary>
        public IReadOnlyList<RuleCondition> Conditions { get; set; } = Array.Empty<RuleCondition>();

        /// <summary>How many rules the listener has, the default rule included: the evaluation saw them all.</summary>
        public int RulesEvaluated { get; set; }

        public override string ToString() => $"{Priority}: {Action}";
    }
}
