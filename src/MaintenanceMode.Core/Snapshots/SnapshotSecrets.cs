using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// OIDC client secrets: AWS never returns them, moto does. A snapshot must never hold one, and a
    /// comparison must not see a difference where only the emulator shows a secret.
    /// </summary>
    public static class SnapshotSecrets
    {
        /// <summary>Deep copies of <paramref name="actions"/> with every OIDC secret field cleared.</summary>
        public static List<Action> WithoutSecrets(IEnumerable<Action>? actions)
        {
            var copy = (actions ?? Enumerable.Empty<Action>()).Select(ModelCopy.Of).ToList();
            foreach (var oidc in copy.Select(a => a.AuthenticateOidcConfig).Where(o => o != null))
            {
                oidc!.ClientSecret = null;
                oidc.UseExistingClientSecret = null;
            }

            return copy;
        }

        /// <summary>Deep copies of <paramref name="actions"/> with <paramref name="secret"/> as every OIDC action's secret.</summary>
        public static List<Action> WithSecret(IEnumerable<Action>? actions, string secret)
        {
            var copy = WithoutSecrets(actions);
            foreach (var oidc in copy.Select(a => a.AuthenticateOidcConfig).Where(o => o != null))
            {
                oidc!.ClientSecret = secret;
            }

            return copy;
        }

        public static bool HasOidc(IEnumerable<Action>? actions) =>
            actions != null && actions.Any(a => a.AuthenticateOidcConfig != null);

        /// <summary>Clears every secret a snapshot read from an emulator may carry.</summary>
        public static ListenerSnapshot Redact(ListenerSnapshot snapshot)
        {
            snapshot.DefaultActions = WithoutSecrets(snapshot.DefaultActions);
            foreach (var rule in snapshot.Rules)
            {
                rule.Actions = WithoutSecrets(rule.Actions);
            }

            return snapshot;
        }
    }
}
