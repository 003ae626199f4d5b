using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// An <see cref="IQueryTransport"/> built on its first call, for a service a command may never call
    /// (STS is asked only when a lock, snapshot or record names the caller): a cold process then pays for
    /// neither its signing client nor its HTTP handler.
    /// </summary>
    public sealed class DeferredQueryTransport : IQueryTransport, IDisposable
    {
        private readonly Lazy<QueryTransport> _transport;

        public DeferredQueryTransport(Func<QueryTransport> create)
        {
            if (create == null) throw new ArgumentNullException(nameof(create));
            _transport = new Lazy<QueryTransport>(create, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public Task<XElement> InvokeAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
            _transport.Value.InvokeAsync(action, parameters, cancellationToken);

        public void Dispose()
        {
            if (_transport.IsValueCreated)
            {
                _transport.Value.Dispose();
            }
        }
    }
}
