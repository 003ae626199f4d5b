using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>
    /// One mutating API call of a plan. Reads happen before planning; a plan holds only changes. Each step makes
    /// its own call and returns the step that undoes it, so every plan (Enable, Disable, a snapshot restore) runs
    /// and rolls back through the one runner.
    /// </summary>
    public abstract class PlanStep
    {
        /// <summary>The ELBv2 action the step calls, e.g. CreateRule.</summary>
        public abstract string Operation { get; }

        /// <summary>What the call does, in words safe to print (no header secrets).</summary>
        public abstract string Describe();

        /// <summary>True for the one call that moves public traffic onto or off the page.</summary>
        public bool FlipsPublicTraffic { get; set; }

        /// <summary>Makes the call; returns the step that undoes it and the rule it created, if any.</summary>
        public abstract Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken);

        public override string ToString() => $"{Operation}: {Describe()}";
    }
}
