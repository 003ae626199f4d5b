using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.Maintenance
{
    /// <summary>
    /// What Enable without a preview has done before the page is ready: the listener read and, where the state
    /// location is known beforehand, the lock taken beside that read. Handed back to
    /// <see cref="MaintenanceService.EnableWithoutPreviewAsync"/>, or to <see cref="MaintenanceService.AbandonAsync"/>.
    /// </summary>
    public sealed class EnableStart
    {
        internal EnableStart(ListenerTarget target, ListenerState state, SnapshotStore? lockStore, LockLease? held)
        {
            Target = target;
            State = state;
            LockStore = lockStore;
            Lock = held;
        }

        public ListenerTarget Target { get; }

        /// <summary>The listener as read beside the lock (or, with no lock, before it).</summary>
        public ListenerState State { get; }

        internal SnapshotStore? LockStore { get; }

        /// <summary>Null when no lock was taken yet (the state location was not known before the read).</summary>
        internal LockLease? Lock { get; }

        internal void Deconstruct(out ListenerTarget target, out ListenerState state, out SnapshotStore? lockStore, out LockLease? held)
        {
            target = Target;
            state = State;
            lockStore = LockStore;
            held = Lock;
        }
    }
}
