namespace MaintenanceMode.Listeners
{
    /// <summary>How a listener differs from its snapshot in a way the module leaves as it is.</summary>
    public enum DriftKind
    {
        /// <summary>A rule someone added after the snapshot.</summary>
        Added,

        /// <summary>A rule in the snapshot that no longer exists.</summary>
        Removed,

        /// <summary>A rule whose conditions, actions or transforms differ from the snapshot.</summary>
        Changed,

        /// <summary>A rule at another priority than in the snapshot (Disable: one that could not go back, because another rule holds it).</summary>
        Moved,

        /// <summary>The listener's default actions differ from the snapshot.</summary>
        DefaultActionChanged,

        /// <summary>The listener's own tags differ from the snapshot (Compare-ListenerSnapshot).</summary>
        ListenerTagsChanged,

        /// <summary>A user's rule of the snapshot that someone tagged with the module's role: it is not the module's, and is never deleted.</summary>
        RoleTagged,

        /// <summary>A rule tagged with the module's role that the module's record does not list (someone else made or tagged it): left as it is, never deleted.</summary>
        UnrecordedRoleTag,
    }

    public sealed class RuleDrift
    {
        public RuleDrift(DriftKind kind, string? ruleArn, string? priority, string detail)
        {
            Kind = kind;
            RuleArn = ruleArn;
            Priority = priority;
            Detail = detail;
        }

        public DriftKind Kind { get; }

        public string? RuleArn { get; }

        public string? Priority { get; }

        public string Detail { get; }

        public override string ToString() => $"{Kind} {Priority} {RuleArn}: {Detail}";
    }
}
