using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Maintenance.Planning
{
    /// <summary>
    /// A step that makes its own call and knows its own undo, so plans other than Enable and Disable
    /// (a snapshot restore) run through the same runner and rollback without a runner case per step.
    /// </summary>
    public interface ISelfApplyingStep
    {
        /// <summary>Makes the call; returns the step that undoes it and the rule it created, if any.</summary>
        Task<(PlanStep Undo, Rule? Created)> ApplyAsync(IElbv2Client elb, CancellationToken cancellationToken);
    }
}
