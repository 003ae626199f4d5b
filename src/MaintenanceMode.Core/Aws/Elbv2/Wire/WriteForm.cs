using System;
using System.Collections.Generic;
using System.Linq;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Turns what DescribeRules/DescribeListeners returned into what CreateRule/ModifyRule/ModifyListener
    /// accept, without touching the caller's objects. Only wire quirks are handled here; nothing a user
    /// configured is dropped.
    /// </summary>
    internal static class WriteForm
    {
        /// <summary>
        /// DescribeRules repeats a typed config's values in the legacy <c>Values</c> (and <c>RegexValues</c>),
        /// and AWS rejects a condition carrying both ("You cannot provide both Values and 'HostHeaderConfig'").
        /// Top-level lists that merely repeat the typed config are left out; anything else is kept.
        /// </summary>
        public static List<RuleCondition>? Conditions(List<RuleCondition>? conditions)
        {
            if (conditions == null) return null;
            var copy = ModelJson.Clone(conditions);
            foreach (var condition in copy)
            {
                if (RepeatsAny(condition.Values, TypedValues(condition))) condition.Values = null;
                if (RepeatsAny(condition.RegexValues, TypedRegexValues(condition))) condition.RegexValues = null;
            }

            return copy;
        }

        /// <summary>
        /// For ModifyRule and ModifyListener: DescribeRules never returns an OIDC <c>ClientSecret</c>, and
        /// without it AWS needs <c>UseExistingClientSecret=true</c> to keep the stored secret.
        /// </summary>
        public static List<Action>? ActionsForModify(List<Action>? actions)
        {
            if (actions == null) return null;
            var copy = ModelJson.Clone(actions);
            foreach (var oidc in copy.Select(a => a.AuthenticateOidcConfig))
            {
                if (oidc != null && oidc.ClientSecret == null && oidc.UseExistingClientSecret == null)
                {
                    oidc.UseExistingClientSecret = true;
                }
            }

            return copy;
        }

        /// <summary>
        /// CreateRule has no way to reuse a stored OIDC secret, so a rule read back from AWS cannot be
        /// recreated: fail before the call with a message that says so.
        /// </summary>
        public static void RequireClientSecretsForCreate(List<Action>? actions)
        {
            if (actions == null) return;
            if (actions.Any(a => a.AuthenticateOidcConfig != null && string.IsNullOrEmpty(a.AuthenticateOidcConfig.ClientSecret)))
            {
                throw new ArgumentException(
                    "CreateRule needs the OIDC ClientSecret of every authenticate-oidc action, and DescribeRules never " +
                    "returns it. Modify the existing rule in place instead of deleting and recreating it.",
                    "request");
            }
        }

        private static IEnumerable<List<string>?> TypedValues(RuleCondition c)
        {
            yield return c.HostHeaderConfig?.Values;
            yield return c.PathPatternConfig?.Values;
            yield return c.HttpHeaderConfig?.Values;
            yield return c.HttpRequestMethodConfig?.Values;
            yield return c.SourceIpConfig?.Values;
        }

        private static IEnumerable<List<string>?> TypedRegexValues(RuleCondition c)
        {
            yield return c.HostHeaderConfig?.RegexValues;
            yield return c.PathPatternConfig?.RegexValues;
            yield return c.HttpHeaderConfig?.RegexValues;
        }

        private static bool RepeatsAny(List<string>? values, IEnumerable<List<string>?> typed)
        {
            return values != null && typed.Any(t => t != null && t.SequenceEqual(values, StringComparer.Ordinal));
        }
    }
}
