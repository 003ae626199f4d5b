namespace MaintenanceMode.Reporting
{
    /// <summary>
    /// How the core tells the operator what it is doing. The cmdlets turn these into -Verbose,
    /// warnings and Write-Progress; tests record them. Messages never hold header secrets.
    /// </summary>
    public interface IMaintenanceReporter
    {
        void Verbose(string message);

        void Warning(string message);

        /// <param name="percent">0 to 100, or -1 when unknown.</param>
        void Progress(string activity, string status, int percent);
    }

    /// <summary>Reports nothing.</summary>
    public sealed class NullReporter : IMaintenanceReporter
    {
        public static readonly NullReporter Instance = new NullReporter();

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Progress(string activity, string status, int percent)
        {
        }
    }
}
