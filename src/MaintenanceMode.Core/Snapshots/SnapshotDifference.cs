using System;
using System.Collections.Generic;
using System.Globalization;
using MaintenanceMode.Listeners;

namespace MaintenanceMode.Snapshots
{
    /// <summary>One way a listener differs now from its snapshot: what Compare-ListenerSnapshot writes.</summary>
    public sealed class SnapshotDifference
    {
        public string ListenerArn { get; set; } = string.Empty;

        public DriftKind Kind { get; set; }

        /// <summary>The rule concerned; null for the default actions and the listener's tags.</summary>
        public string? RuleArn { get; set; }

        public int? SnapshotPriority { get; set; }

        public int? CurrentPriority { get; set; }

        /// <summary>For <see cref="DriftKind.Changed"/>: which of Conditions, Actions, Transforms, Tags differ.</summary>
        public IReadOnlyList<string> Changed { get; set; } = Array.Empty<string>();

        public string Detail { get; set; } = string.Empty;

        public override string ToString() =>
            $"{Kind} {(CurrentPriority ?? SnapshotPriority)?.ToString(CultureInfo.InvariantCulture) ?? "default"} {RuleArn}: {Detail}";
    }
}
