using System;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>
    /// An <see cref="IS3ObjectReader"/> whose S3 client is built on the first read. Building an AmazonS3Client
    /// costs tens of milliseconds of a cold process (SDK configuration, endpoint rules, JIT), and most commands
    /// that could read from S3 (status of a listener not in maintenance, a page given as a local file) never do.
    /// </summary>
    public sealed class DeferredS3ObjectReader : IS3ObjectReader
    {
        private readonly Lazy<IS3ObjectReader> _reader;

        public DeferredS3ObjectReader(Func<IS3ObjectReader> create)
        {
            if (create == null) throw new ArgumentNullException(nameof(create));
            _reader = new Lazy<IS3ObjectReader>(create, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public Task<S3ObjectContent> ReadAsync(S3Uri location, long maxBytes, CancellationToken cancellationToken) =>
            _reader.Value.ReadAsync(location, maxBytes, cancellationToken);
    }
}
