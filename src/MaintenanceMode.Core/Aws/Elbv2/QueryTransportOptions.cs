using System;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Settings of a <see cref="QueryTransport"/>; the delegates are seams for tests.</summary>
    public sealed class QueryTransportOptions
    {
        public const string DefaultServiceName = "elasticloadbalancing";
        public const string DefaultApiVersion = "2015-12-01";

        private static readonly object RandomLock = new object();
        private static readonly Random SharedRandom = new Random();

        /// <summary>The SigV4 signing name, also the IAM action prefix named in AccessDenied messages.</summary>
        public string ServiceName { get; set; } = DefaultServiceName;

        /// <summary>The <c>Version</c> form field.</summary>
        public string ApiVersion { get; set; } = DefaultApiVersion;

        public RetryPolicy RetryPolicy { get; set; } = RetryPolicy.Default;

        /// <summary>Called before each backoff wait (for verbose output). Exceptions it throws end the call.</summary>
        public Action<RetryNotice>? OnRetry { get; set; }

        /// <summary>Waits between attempts; must end with OperationCanceledException when the token is cancelled.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

        /// <summary>The jitter source: a value in [0, 1).</summary>
        public Func<double> NextRandom { get; set; } = () => { lock (RandomLock) return SharedRandom.NextDouble(); };

        /// <summary>The clock the time budget is measured with.</summary>
        public Func<DateTimeOffset> UtcNow { get; set; } = () => DateTimeOffset.UtcNow;
    }
}
