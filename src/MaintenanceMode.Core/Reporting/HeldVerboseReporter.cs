using System.Collections.Generic;

namespace MaintenanceMode.Reporting
{
    /// <summary>
    /// Lets one line lead the -Verbose output of a command that changes things: the account, region and caller
    /// it acts as. That line needs sts:GetCallerIdentity, which runs beside the first ELBv2 read rather than
    /// before it (no round trip added), so the narration of that read is held until <see cref="Release"/>
    /// writes the line. Warnings and progress are never held.
    /// </summary>
    public sealed class HeldVerboseReporter : IMaintenanceReporter
    {
        private readonly IMaintenanceReporter _inner;
        private readonly object _gate = new object();
        private List<string>? _held;

        public HeldVerboseReporter(IMaintenanceReporter inner)
        {
            _inner = inner;
        }

        /// <summary>From now on, verbose lines wait for <see cref="Release"/>.</summary>
        public void Hold()
        {
            lock (_gate)
            {
                _held ??= new List<string>();
            }
        }

        /// <summary>Writes <paramref name="firstLine"/> (when not null) and then every held line, once; later calls write nothing more.</summary>
        public void Release(string? firstLine)
        {
            // Under the lock, so that no line of another thread slips in between; the inner reporter only posts.
            lock (_gate)
            {
                if (_held == null)
                {
                    return;
                }

                if (firstLine != null)
                {
                    _inner.Verbose(firstLine);
                }

                foreach (var line in _held)
                {
                    _inner.Verbose(line);
                }

                _held = null;
            }
        }

        public void Verbose(string message)
        {
            lock (_gate)
            {
                if (_held != null)
                {
                    _held.Add(message);
                    return;
                }

                _inner.Verbose(message);
            }
        }

        public void Warning(string message) => _inner.Warning(message);

        public void Progress(string activity, string status, int percent) => _inner.Progress(activity, status, percent);
    }
}
