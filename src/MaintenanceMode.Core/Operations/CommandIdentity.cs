using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws;
using MaintenanceMode.Errors;
using MaintenanceMode.Identity;
using MaintenanceMode.Reporting;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// Who one command acts as, and where: the session's region (and where it came from), the credentials'
    /// source, and the caller sts:GetCallerIdentity names, asked once and shared by every service of the
    /// command. It names them where a change is proposed (the -WhatIf text, the -Confirm prompt), leads the
    /// -Verbose output with them, and refuses an account other than -AccountId.
    /// </summary>
    public sealed class CommandIdentity : ICallerIdentity
    {
        private readonly ICallerIdentity _sts;
        private readonly HeldVerboseReporter _reporter;
        private readonly object _gate = new object();
        private Task<string?>? _arn;

        public CommandIdentity(ICallerIdentity sts, HeldVerboseReporter reporter, string region, string regionSource, string credentialSource)
        {
            _sts = sts;
            _reporter = reporter;
            Region = region;
            RegionSource = regionSource;
            CredentialSource = credentialSource;
        }

        public string Region { get; }

        public string RegionSource { get; }

        public string CredentialSource { get; }

        /// <summary>The caller's ARN, once the lookup has finished; null before, or when STS would not say.</summary>
        public string? CallerArn => _arn != null && _arn.Status == TaskStatus.RanToCompletion ? _arn.Result : null;

        /// <summary>The caller's account (from its ARN), or null when not known (yet).</summary>
        public string? CallerAccount => AwsArn.TryParse(CallerArn)?.Account;

        /// <summary>The caller as IAM names it: <c>assumed-role/Deploy/ci</c>, <c>user/alice</c>.</summary>
        public string? CallerName => AwsArn.TryParse(CallerArn)?.Resource;

        /// <summary>Looks the caller up on the first call only; the first -Verbose line is written when it answers.</summary>
        public Task<string?> GetCallerArnAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _arn ??= LookUpAsync(cancellationToken);
            }
        }

        /// <summary>
        /// Runs <paramref name="read"/> while the caller is looked up, and waits for both, so the lookup never
        /// outlives the call it rode along with (its verbose line and warning must reach the pipeline meanwhile).
        /// </summary>
        public async Task<T> AlongsideAsync<T>(System.Func<Task<T>> read, CancellationToken cancellationToken)
        {
            var caller = GetCallerArnAsync(cancellationToken);
            try
            {
                return await read().ConfigureAwait(false);
            }
            finally
            {
                await SideCall.SettleAsync(caller).ConfigureAwait(false);
            }
        }

        /// <summary>For example "shop:80 (HTTP) in account 123456789012, eu-west-1, as assumed-role/Deploy/ci".</summary>
        public string Describe(ListenerTarget target)
        {
            var account = CallerAccount ?? AwsArn.TryParse(target.ListenerArn)?.Account ?? "(unknown)";
            return $"{target} in account {account}, {Region}, as {CallerName ?? "an unknown caller (sts:GetCallerIdentity did not answer)"}";
        }

        /// <summary>
        /// With <paramref name="expectedAccount"/> given, refuses any other account: the caller's (when STS
        /// answered) and, with a <paramref name="target"/>, the listener's own (from its ARN) must both be that account.
        /// </summary>
        /// <exception cref="MaintenanceModeException"><see cref="ErrorIds.AccountMismatch"/>.</exception>
        public void CheckAccount(string? expectedAccount, ListenerTarget? target)
        {
            if (string.IsNullOrEmpty(expectedAccount))
            {
                return;
            }

            var listenerAccount = target == null ? null : AwsArn.TryParse(target.ListenerArn)?.Account;
            foreach (var (actual, whose) in new[] { (CallerAccount, $"the credentials ({CredentialSource}) act in"), (listenerAccount, $"{target} belongs to") })
            {
                if (actual != null && actual != expectedAccount)
                {
                    throw new MaintenanceModeException(ErrorIds.AccountMismatch,
                        $"-AccountId is {expectedAccount}, but {whose} account {actual}{(CallerName == null ? string.Empty : $" (as {CallerName})")}. Nothing was changed. " +
                        "Switch to credentials of the intended account (-ProfileName, -Credential, Set-AWSCredential), or correct -AccountId.")
                    {
                        Target = target?.ListenerArn,
                    };
                }
            }
        }

        private async Task<string?> LookUpAsync(CancellationToken cancellationToken)
        {
            string? arn = null;
            try
            {
                arn = await _sts.GetCallerArnAsync(cancellationToken).ConfigureAwait(false);
                return arn;
            }
            finally
            {
                _reporter.Release(Banner(arn));
            }
        }

        private string Banner(string? arn)
        {
            var caller = AwsArn.TryParse(arn);
            var sources = $"(region from {RegionSource}, credentials from {CredentialSource})";
            return caller == null
                ? $"Acting in {Region}, as an unknown account and caller (sts:GetCallerIdentity did not answer) {sources}."
                : $"Acting in account {caller.Account}, {Region}, as {caller.Resource} {sources}.";
        }
    }
}
