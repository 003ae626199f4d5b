using System;
using System.Linq;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// Where a listener's rules sit (ARN and priority) and what its tags are: what must read back
    /// unchanged before a failed run may say the listener is as it was. A call whose response was lost
    /// (a connection reset, a timeout) may have taken effect although the run counted it as failed, and
    /// only reading the listener back shows it.
    /// </summary>
    internal static class ListenerLayout
    {
        public static bool Same(ListenerState a, ListenerState b) =>
            string.Equals(Describe(a), Describe(b), StringComparison.Ordinal);

        private static string Describe(ListenerState state)
        {
            var rules = state.Rules.Where(r => r.IsDefault != true).Select(r => r.RuleArn + "@" + r.Priority);
            var tags = state.ListenerTags.Select(t => t.Key + "=" + t.Value);
            return string.Join("\n", rules.OrderBy(x => x, StringComparer.Ordinal)) + "\n--\n"
                + string.Join("\n", tags.OrderBy(x => x, StringComparer.Ordinal));
        }
    }
}
