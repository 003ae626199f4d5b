using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning.Steps;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>The mutating calls that take a listener from its state now to the state asked for.</summary>
    public sealed class MaintenancePlan
    {
        public MaintenancePlan(IReadOnlyList<PlanStep> steps, IReadOnlyList<RuleDrift> drift, IReadOnlyList<string> warnings)
        {
            Steps = steps;
            Drift = drift;
            Warnings = warnings;
        }

        public IReadOnlyList<PlanStep> Steps { get; }

        /// <summary>Differences from the snapshot that the plan leaves alone (Disable only).</summary>
        public IReadOnlyList<RuleDrift> Drift { get; }

        public IReadOnlyList<string> Warnings { get; }

        public bool IsEmpty => Steps.Count == 0;

        public int FlipCount => Steps.Count(s => s.FlipsPublicTraffic);
    }
}
