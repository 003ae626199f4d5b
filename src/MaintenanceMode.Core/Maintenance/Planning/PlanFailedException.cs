using System;
using System.Collections.Generic;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Maintenance.Planning
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
            FailedStep = failedStep;
            LeftApplied = leftApplied;
            UndoErrors = undoErrors;
        }

        public PlanStep FailedStep { get; }

        /// <summary>Steps still in effect after the undo: empty when the rollback was complete.</summary>
        public IReadOnlyList<PlanStep> LeftApplied { get; }

        public IReadOnlyList<Exception> UndoErrors { get; }

        public bool RolledBack => LeftApplied.Count == 0;
    }
}
