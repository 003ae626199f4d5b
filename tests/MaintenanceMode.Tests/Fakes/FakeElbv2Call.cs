namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>One call made to <see cref="FakeElbv2Client"/>, in order.</summary>
    public sealed class FakeElbv2Call
    {
        public FakeElbv2Call(int index, string name, bool mutating, int mutatingIndex, object? request)
        {
            Index = index;
            Name = name;
            Mutating = mutating;
            MutatingIndex = mutatingIndex;
            Request = request;
        }

        /// <summary>Position among all calls, from 1.</summary>
        public int Index { get; }

        /// <summary>The ELBv2 action, e.g. CreateRule.</summary>
        public string Name { get; }

        public bool Mutating { get; }

        /// <summary>Position among mutating calls, from 1; 0 for reads.</summary>
        public int MutatingIndex { get; }

        /// <summary>A deep copy of the request as sent.</summary>
        public object? Request { get; }

        /// <summary>The error the call answered with, or null when it succeeded.</summary>
        public string? ErrorCode { get; internal set; }

        public override string ToString() => $"#{Index} {Name}{(ErrorCode == null ? string.Empty : " -> " + ErrorCode)}";
    }
}
