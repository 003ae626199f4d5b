using System.Linq;
using System.Text;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Snapshots.Restore
{
    /// <summary>What a restore would do to one listener: shown by -WhatIf and asked about by -Confirm.</summary>
    public sealed class RestorePreview
    {
        public RestorePreview(ListenerTarget target, ListenerSnapshot snapshot, string source, RestoreOptions options, MaintenancePlan plan)
        {
            Target = target;
            Snapshot = snapshot;
            Source = source;
            Options = options;
            Plan = plan;
        }

        public ListenerTarget Target { get; }

        public ListenerSnapshot Snapshot { get; }

        public string Source { get; }

        public RestoreOptions Options { get; }

        public MaintenancePlan Plan { get; }

        /// <summary>The calls, one per line, for -WhatIf.</summary>
        public string Describe()
        {
            if (Plan.IsEmpty)
            {
                return " no call: the listener already matches the snapshot";
            }

            var lines = new StringBuilder();
            foreach (var step in Plan.Steps)
            {
                lines.AppendLine().Append("  ").Append(step.ToString());
            }

            foreach (var warning in Plan.Warnings.Where(w => w.Length > 0))
            {
                lines.AppendLine().Append("  note: ").Append(warning);
            }

            return lines.ToString();
        }
    }
}
