using System;
using System.Collections.Generic;

namespace MaintenanceMode.Snapshots.Restore
{
    /// <summary>What Restore-ListenerSnapshot may do beyond putting back the rules that still exist.</summary>
    public sealed class RestoreOptions
    {
        /// <summary>Delete the rules added since the snapshot; without it they stay.</summary>
        public bool RemoveAdded { get; set; }

        /// <summary>
        /// OIDC client secrets by the rule ARN in the snapshot (the listener ARN for its default actions):
        /// recreating a deleted authenticate-oidc rule needs one, because AWS never returns it.
        /// </summary>
        public IReadOnlyDictionary<string, string> ClientSecrets { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
