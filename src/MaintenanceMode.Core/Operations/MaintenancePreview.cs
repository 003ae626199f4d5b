using System.Collections.Generic;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Operations
{
    /// <summary>What a command would do to one listener: shown by -WhatIf and asked about by -Confirm.</summary>
    public sealed class MaintenancePreview
    {
        private readonly System.Lazy<IReadOnlyList<string>> _routes;

        /// <param name="routes">Computes <see cref="Routes"/>, on first use only.</param>
        public MaintenancePreview(ListenerTarget target, ListenerState state, MaintenancePlan plan, S3Uri? location, System.Func<IReadOnlyList<string>>? routes = null)
        {
            Target = target;
            State = state;
            Plan = plan;
            Location = location;
            _routes = new System.Lazy<IReadOnlyList<string>>(routes ?? (() => new List<string>()));
        }

        public ListenerTarget Target { get; }

        public ListenerState State { get; }

        public MaintenancePlan Plan { get; }

        /// <summary>Where the snapshot is (or will be) kept; null when nothing was ever stored.</summary>
        public S3Uri? Location { get; }

        /// <summary>
        /// After the plan, who would get the page and who would get through (sample requests). Computed when first
        /// asked for: simulating the plan and routing the samples is most of a preview's work in a fresh process,
        /// and a command run with -Force (no -WhatIf, no -Confirm) never shows it.
        /// </summary>
        public IReadOnlyList<string> Routes => _routes.Value;

        /// <summary>The calls, one per line, for -WhatIf.</summary>
        public string Describe()
        {
            if (Plan.IsEmpty)
            {
                return "no change";
            }

            var lines = new System.Text.StringBuilder();
            foreach (var step in Plan.Steps)
            {
                lines.AppendLine().Append("  ").Append(step.ToString()).Append(step.FlipsPublicTraffic ? "   <- flips public traffic" : string.Empty);
            }

            // Rules that carry the module's role tag but are not the module's: never deleted, and said so before any call.
            foreach (var drift in Plan.Drift)
            {
                if (drift.Kind == DriftKind.RoleTagged || drift.Kind == DriftKind.UnrecordedRoleTag)
                {
                    lines.AppendLine().Append("  Left on the listener (not the module's): ").Append(drift.ToString());
                }
            }

            if (Routes.Count > 0)
            {
                lines.AppendLine().Append("  Then:");
                foreach (var route in Routes)
                {
                    lines.AppendLine().Append("    ").Append(route);
                }
            }

            return lines.ToString();
        }
    }
}
