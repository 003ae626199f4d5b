using MaintenanceMode.Errors;

namespace MaintenanceMode.Targets
{
    /// <summary>A resolved listener, or why one name did not resolve: each is reported on its own.</summary>
    public sealed class TargetResult
    {
        private TargetResult(ListenerTarget? target, MaintenanceModeException? error)
        {
            Target = target;
            Error = error;
        }

        public ListenerTarget? Target { get; }

        public MaintenanceModeException? Error { get; }

        public static TargetResult Of(ListenerTarget target) => new TargetResult(target, null);

        public static TargetResult Failed(MaintenanceModeException error) => new TargetResult(null, error);
    }
}
