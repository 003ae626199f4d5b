namespace MaintenanceMode.Targets.Completion
{
    /// <summary>One value offered by tab completion, with a short description for the tooltip.</summary>
    public sealed class CompletionCandidate
    {
        public CompletionCandidate(string value, string description)
        {
            Value = value;
            Description = description;
        }

        /// <summary>What goes on the command line: a load balancer name or a listener ARN.</summary>
        public string Value { get; }

        /// <summary>Where it points, e.g. "shop HTTPS:443".</summary>
        public string Description { get; }

        public override string ToString() => Value;
    }
}
