using System.Net.Http;

namespace MaintenanceMode.Tests.Transport
{
    /// <summary>Answers requests from a script, in order, and records what was sent. No network.</summary>
    internal sealed class FakeHttpHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();

        public List<RecordedRequest> Requests { get; } = new();

        public FakeHttpHandler Then(HttpResponseMessage response) => Then((_, _) => Task.FromResult(response));

        public FakeHttpHandler Then(Exception error) => Then((_, _) => Task.FromException<HttpResponseMessage>(error));

        public FakeHttpHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
        {
            _script.Enqueue(responder);
            return this;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(await RecordedRequest.FromAsync(request));
            if (_script.Count == 0) throw new InvalidOperationException($"Unexpected request #{Requests.Count}: the script has no more responses.");
            return await _script.Dequeue()(request, cancellationToken);
        }
    }
}
