using System.Xml.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Elbv2
{
    /// <summary>Records every call and answers with recorded responses, in order or from a responder.</summary>
    internal sealed class FakeQueryTransport : IQueryTransport
    {
        private readonly Queue<XElement> responses = new Queue<XElement>();
        private readonly Func<string, IReadOnlyList<KeyValuePair<string, string>>, XElement>? responder;

        public FakeQueryTransport(params XElement[] responses)
        {
            foreach (var response in responses) this.responses.Enqueue(response);
        }

        public FakeQueryTransport(Func<string, IReadOnlyList<KeyValuePair<string, string>>, XElement> responder)
        {
            this.responder = responder;
        }

        public List<RecordedCall> Calls { get; } = new List<RecordedCall>();

        public RecordedCall SingleCall => Assert.Single(Calls);

        public Task<XElement> InvokeAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
        {
            Calls.Add(new RecordedCall(action, parameters.ToList()));
            if (responder != null) return Task.FromResult(responder(action, parameters));
            if (responses.Count == 0) throw new InvalidOperationException($"No recorded response left for {action}.");
            return Task.FromResult(responses.Dequeue());
        }
    }

    internal sealed class RecordedCall
    {
        public RecordedCall(string action, List<KeyValuePair<string, string>> fields)
        {
            Action = action;
            Fields = fields;
        }

        public string Action { get; }

        public List<KeyValuePair<string, string>> Fields { get; }

        /// <summary>"Name=value" lines: an assertion failure then shows exactly which field differs.</summary>
        public string[] Lines => Fields.Select(f => f.Key + "=" + f.Value).ToArray();

        public string? this[string name] => Fields.Where(f => f.Key == name).Select(f => f.Value).SingleOrDefault();
    }
}
