namespace MaintenanceMode.Tests.Transport
{
    /// <summary>A clock that only moves when the transport waits, so backoff costs no real time.</summary>
    internal sealed class FakeRetryClock
    {
        public DateTimeOffset Now { get; private set; } = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public List<TimeSpan> Delays { get; } = new();

        public TimeSpan TotalDelay { get; private set; }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Delays.Add(delay);
            TotalDelay += delay;
            Now += delay;
            return Task.CompletedTask;
        }
    }
}
