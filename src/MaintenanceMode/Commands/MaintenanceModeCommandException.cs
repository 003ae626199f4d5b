using System;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// The exception in the module's ErrorRecords: the core's error, its message masked of secrets.
    /// Holds only plain types: a public type of this assembly must not lay out a core type (see ModuleInit).
    /// </summary>
    public sealed class MaintenanceModeCommandException : Exception
    {
        public MaintenanceModeCommandException(string message, string errorId, Exception inner)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        /// <summary>The stable id, also the ErrorRecord's FullyQualifiedErrorId prefix.</summary>
        public string ErrorId { get; }
    }
}
