using MaintenanceMode.Reporting;

namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>Keeps the warnings and verbose lines the core reports, for tests to assert on.</summary>
    internal sealed class RecordingReporter : IMaintenanceReporter
    {
        public List<string> Warnings { get; } = new List<string>();

        public List<string> VerboseLines { get; } = new List<string>();

        public void Verbose(string message) => VerboseLines.Add(message);

        public void Warning(string message) => Warnings.Add(message);

        public void Progress(string activity, string status, int percent)
        {
        }
    }
}
