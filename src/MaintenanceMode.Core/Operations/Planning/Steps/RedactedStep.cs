using System;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>
    /// What a step was, in the words <see cref="PlanStep.Describe"/> gives (safe to print), without the rule,
    /// conditions or actions it carried. Exceptions hold this, never the step: a step can hold a bypass secret
    /// or a user rule's header value, and an exception travels further than any message (logs, $Error).
    /// </summary>
    public sealed class RedactedStep : PlanStep
    {
        private readonly string _description;

        private RedactedStep(string operation, string description, bool flipsPublicTraffic)
        {
            Operation = operation;
            _description = description;
            FlipsPublicTraffic = flipsPublicTraffic;
        }

        public override string Operation { get; }

        public override string Describe() => _description;

        public static RedactedStep Of(PlanStep step) =>
            step as RedactedStep ?? new RedactedStep(step.Operation, step.Describe(), step.FlipsPublicTraffic);

        /// <summary>Never run: a redacted step names a call, it cannot make one.</summary>
        public override Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"A redacted step is a description ({Operation}); it is not run.");
    }
}
