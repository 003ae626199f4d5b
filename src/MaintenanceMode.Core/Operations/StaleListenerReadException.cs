using System;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// Enable read the listener before it took the lock, and then found another run's snapshot in the way: the
    /// read may predate that run's changes, so it must be read again under the lock. Nothing was changed
    /// when this is thrown; it never leaves <see cref="MaintenanceService"/>.
    /// </summary>
    internal sealed class StaleListenerReadException : Exception
    {
        public StaleListenerReadException()
            : base("The listener was read before the lock and another run's snapshot is in the way: read it again under the lock.")
        {
        }
    }
}
