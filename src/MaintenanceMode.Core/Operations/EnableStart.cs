using MaintenanceMode.Listeners;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// What Enable without a preview has read before the page is ready: the listener. Handed back to
    /// <see cref="MaintenanceService.EnableWithoutPreviewAsync"/>, or to <see cref="MaintenanceService.AbandonAsync"/>.
    /// </summary>
    public sealed class EnableStart
    {
        internal EnableStart(ListenerTarget target, ListenerState state)
        {
            Target = target;
            State = state;
        }

        public ListenerTarget Target { get; }

        /// <summary>The listener as read before the lock.</summary>
        public ListenerState State { get; }

        internal void Deconstruct(out ListenerTarget target, out ListenerState state)
        {
            target = Target;
            state = State;
        }
    }
}
