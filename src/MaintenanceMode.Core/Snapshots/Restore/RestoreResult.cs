using System;
using System.Collections.Generic;

namespace MaintenanceMode.Snapshots.Restore
{
    /// <summary>What Restore-ListenerSnapshot did to one listener, and what (if anything) still differs.</summary>
    public sealed class RestoreResult
    {
        public string ListenerArn { get; set; } = string.Empty;

        public string? LoadBalancerName { get; set; }

        public int? Port { get; set; }

        public string Snapshot { get; set; } = string.Empty;

        /// <summary>The calls made, in order; empty when the listener already matched.</summary>
        public IReadOnlyList<string> Calls { get; set; } = Array.Empty<string>();

        /// <summary>Rules created again, with their new ARNs.</summary>
        public IReadOnlyList<RecreatedRule> RecreatedRules { get; set; } = Array.Empty<RecreatedRule>();

        /// <summary>Rules added since the snapshot and deleted (-RemoveAdded).</summary>
        public IReadOnlyList<string> RemovedRules { get; set; } = Array.Empty<string>();

        /// <summary>Differences read back after the restore: empty when the listener matches the snapshot.</summary>
        public IReadOnlyList<SnapshotDifference> Remaining { get; set; } = Array.Empty<SnapshotDifference>();

        public override string ToString() => $"{LoadBalancerName}:{Port} {Calls.Count} call(s), {Remaining.Count} difference(s) left";
    }
}
