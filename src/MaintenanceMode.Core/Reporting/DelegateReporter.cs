using System;

namespace MaintenanceMode.Reporting
{
    /// <summary>
    /// A reporter made of three delegates. The cmdlets use it rather than implement
    /// <see cref="IMaintenanceReporter"/> themselves: no type of the cmdlet assembly may implement a core
    /// type, since PowerShell lists that assembly's types before the core can be loaded (see ModuleInit).
    /// </summary>
    public sealed class DelegateReporter : IMaintenanceReporter
    {
        private readonly Action<string> _verbose;
        private readonly Action<string> _warning;
        private readonly Action<string, string, int> _progress;

        public DelegateReporter(Action<string> verbose, Action<string> warning, Action<string, string, int> progress)
        {
            _verbose = verbose;
            _warning = warning;
            _progress = progress;
        }

        public void Verbose(string message) => _verbose(message);

        public void Warning(string message) => _warning(message);

        public void Progress(string activity, string status, int percent) => _progress(activity, status, percent);
    }
}
