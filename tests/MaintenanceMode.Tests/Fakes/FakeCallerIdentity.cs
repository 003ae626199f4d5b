using MaintenanceMode.Identity;

namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>An STS caller that answers with a fixed ARN (or none, as when the call is denied).</summary>
    public sealed class FakeCallerIdentity : ICallerIdentity
    {
        public FakeCallerIdentity(string? arn = "arn:aws:iam::123456789012:user/tester")
        {
            Arn = arn;
        }

        public string? Arn { get; }

        public int Calls { get; private set; }

        public Task<string?> GetCallerArnAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Arn);
        }
    }
}
