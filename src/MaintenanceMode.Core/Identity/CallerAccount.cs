using System;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Identity
{
    /// <summary>
    /// The caller's identity asked once per command and shared by everything that needs it: the audit fields
    /// (who enabled, who holds a lock) and the S3 calls, which name the caller's account as the bucket owner
    /// they expect. A listener tag can point the module at any bucket; S3 refuses a request whose
    /// <c>x-amz-expected-bucket-owner</c> is not the bucket's owner, so a tag naming another account's
    /// bucket reaches nothing.
    /// </summary>
    public sealed class CallerAccount : ICallerIdentity
    {
        private readonly ICallerIdentity _identity;
        private readonly object _gate = new object();
        private Task<string?>? _arn;

        public CallerAccount(ICallerIdentity identity)
        {
            _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        }

        public Task<string?> GetCallerArnAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _arn ??= LookUpAsync(cancellationToken);
            }
        }

        // The first to ask may be the page read, which runs off the pipeline thread before any call is pumped:
        // a lookup that fails there (its warning included) leaves the audit fields empty and the S3 calls
        // without an expected owner, as a failed lookup always has, rather than failing the command.
        private async Task<string?> LookUpAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _identity.GetCallerArnAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return null;
            }
        }

        /// <summary>The caller's 12-digit account id; null when the identity could not be had (STS failed, with a warning).</summary>
        public async Task<string?> GetAccountIdAsync(CancellationToken cancellationToken) =>
            FromArn(await GetCallerArnAsync(cancellationToken).ConfigureAwait(false));

        /// <summary>The account field of an ARN (<c>arn:partition:service:region:account:resource</c>), or null.</summary>
        public static string? FromArn(string? arn)
        {
            if (string.IsNullOrEmpty(arn))
            {
                return null;
            }

            var parts = arn!.Split(':');
            if (parts.Length < 6 || parts[0] != "arn" || parts[4].Length != 12)
            {
                return null;
            }

            foreach (var c in parts[4])
            {
                if (c < '0' || c > '9')
                {
                    return null;
                }
            }

            return parts[4];
        }
    }
}
