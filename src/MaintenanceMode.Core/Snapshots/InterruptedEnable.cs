using System.Linq;
using MaintenanceMode.Listeners;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// Enable tags the listener with its snapshot and moves the user's rules in one round trip, side by side. A run
    /// killed after the move and before the tag leaves the user's rules moved on a listener that names no snapshot:
    /// taken for the original, it would replace the snapshot and lose the original priorities. This tells that state
    /// from a snapshot merely left over: the listener carries no state tag and none of the module's rules, and its
    /// rules are exactly the snapshot's with the moves the snapshot says were made beside the tag, every one of them,
    /// and nothing else changed. Anything else (a snapshot of an earlier version, which names no such moves; a
    /// listener as the snapshot has it; rules moved elsewhere or changed by someone) is judged as before.
    /// </summary>
    public static class InterruptedEnable
    {
        /// <summary>True when <paramref name="state"/> is what an Enable that wrote <paramref name="snapshot"/> leaves when killed between its move and its tag.</summary>
        public static bool Recognises(ListenerSnapshot snapshot, ListenerState state)
        {
            var moves = snapshot.MovesBesideTag;
            if (moves == null || moves.Count == 0 || state.StateLocation != null || state.StateTag != null || state.HasModuleChanges)
            {
                return false;
            }

            var planned = moves.ToDictionary(m => m.RuleArn ?? string.Empty, m => m.Priority);
            var differences = SnapshotComparer.Compare(snapshot, state);
            return differences.Count == planned.Count
                && differences.All(d => d.Kind == DriftKind.Moved
                    && d.RuleArn != null
                    && planned.TryGetValue(d.RuleArn, out var to)
                    && d.CurrentPriority == to);
        }
    }
}
