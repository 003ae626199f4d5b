using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Errors;
using MaintenanceMode.Operations.Planning.Steps;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>
    /// A step of a plan failed. Carries the first error, what was undone, and, when the undo failed
    /// too, the exact steps whose effects remain, so the operator knows what state is left.
    /// </summary>
    public sealed class PlanFailedException : MaintenanceModeException
    {
        public PlanFailedException(string errorId, ErrorKind kind, string message, Exception firstError, PlanStep failedStep,
            IReadOnlyList<PlanStep> leftApplied, IReadOnlyList<Exception> undoErrors)
            : base(errorId, kind, message, firstError)
        {
            FailedStep = RedactedStep.Of(failedStep);
            LeftApplied = leftApplied.Select(RedactedStep.Of).ToList();
            UndoErrors = undoErrors;
        }

        /// <summary>The step that failed, as words only: the rule it carried (and any secret in it) is not kept.</summary>
        public RedactedStep FailedStep { get; }

        /// <summary>Steps still in effect after the undo, as words only: empty when the rollback was complete.</summary>
        public IReadOnlyList<RedactedStep> LeftApplied { get; }

        public IReadOnlyList<Exception> UndoErrors { get; }

        public bool RolledBack => LeftApplied.Count == 0;
    }
}
