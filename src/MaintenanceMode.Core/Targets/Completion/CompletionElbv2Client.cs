using System;
using MaintenanceMode.Aws;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Targets.Completion
{
    /// <summary>An ELBv2 client for one completion, and what must be disposed with it.</summary>
    internal sealed class CompletionElbv2Client : IDisposable
    {
        private readonly IDisposable? _owner;

        internal CompletionElbv2Client(IElbv2Client client, IDisposable? owner)
        {
            Client = client;
            _owner = owner;
        }

        internal IElbv2Client Client { get; }

        /// <summary>
        /// The command's own session resolution (region, credentials, endpoints), with the short retry budget of
        /// <see cref="RetryPolicy.Completion"/>: a throttled read backs off briefly instead of giving up at once,
        /// but a completion that would need more is better empty than late.
        /// </summary>
        internal static CompletionElbv2Client Connect(CompletionScope scope)
        {
            var session = AwsSession.Resolve(new AwsSessionOptions { Region = scope.Region, ProfileName = scope.ProfileName, EndpointUrl = scope.EndpointUrl });
            var transport = QueryTransport.Create(session.Elbv2Endpoint, session.Credentials, session.Region,
                new QueryTransportOptions { RetryPolicy = RetryPolicy.Completion });
            return new CompletionElbv2Client(new Elbv2Client(transport), transport);
        }

        public void Dispose() => _owner?.Dispose();
    }
}
