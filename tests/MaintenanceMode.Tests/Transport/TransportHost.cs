using Amazon;
using BasicAWSCredentials = Amazon.Runtime.BasicAWSCredentials;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Transport
{
    /// <summary>A QueryTransport over the real SigV4 handler and a fake wire, with a fake clock.</summary>
    internal sealed class TransportHost : IDisposable
    {
        // Never contacted: the fake handler answers. Loopback anyway, so a slip cannot reach a real service.
        public static readonly Uri Endpoint = new("https://127.0.0.1:8443");

        public TransportHost(RetryPolicy? policy = null, string serviceName = QueryTransportOptions.DefaultServiceName, double jitter = 0.5,
            string apiVersion = QueryTransportOptions.DefaultApiVersion)
        {
            Options = new QueryTransportOptions
            {
                ServiceName = serviceName,
                ApiVersion = apiVersion,
                RetryPolicy = policy ?? new RetryPolicy(maxAttempts: 4, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(10), timeBudget: TimeSpan.FromMinutes(5)),
                Delay = Clock.Delay,
                NextRandom = () => jitter,
                UtcNow = () => Clock.Now,
                OnRetry = notice => Notices.Add(notice),
            };
            Transport = QueryTransport.Create(Endpoint, new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                RegionEndpoint.USEast1, Options, Handler);
        }

        public FakeHttpHandler Handler { get; } = new();

        public FakeRetryClock Clock { get; } = new();

        public System.Collections.Generic.List<RetryNotice> Notices { get; } = new();

        public QueryTransportOptions Options { get; }

        public QueryTransport Transport { get; }

        public void Dispose() => Transport.Dispose();
    }
}
