namespace MaintenanceMode.Rules
{
    /// <summary>A header and the value that lets a request past the page. The value is a secret:
    /// <see cref="ToString"/> and every summary show only the name.</summary>
    public sealed class HeaderMatch
    {
        public HeaderMatch(string name, string value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        public string Value { get; }

        public override string ToString() => $"{Name}: <secret>";
    }
}
