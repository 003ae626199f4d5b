using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Identity
{
    /// <summary>
    /// The account every S3 request of a command names as the bucket's owner (<c>ExpectedBucketOwner</c>), so
    /// that a listener tag pointed at another account's bucket reaches nothing. The caller's account when
    /// sts:GetCallerIdentity answers; otherwise -AccountId when given; otherwise the account in the listener's
    /// ARN (the bucket holding a listener's state belongs to the listener's account). When none is known the
    /// request is refused: an S3 call without the check would trust whatever bucket a tag names.
    /// </summary>
    public sealed class ExpectedBucketOwner
    {
        public const string UnknownErrorId = ErrorIds.BucketOwnerUnknown;

        private readonly ICallerIdentity _caller;
        private readonly TaskCompletionSource<string?> _listenerAccount = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? _givenAccount;
        private bool _listenersComing;

        public ExpectedBucketOwner(ICallerIdentity caller)
        {
            _caller = caller;
        }

        /// <summary>-AccountId: the account the command was told to act in.</summary>
        public void GivenAccountId(string? accountId)
        {
            _givenAccount = string.IsNullOrEmpty(accountId) ? null : accountId;
        }

        /// <summary>
        /// For a command that may read from S3 (its page) before its listeners are resolved: a request that finds
        /// no caller account waits for the first listener (or <see cref="NoMoreListeners"/>) instead of being refused.
        /// </summary>
        public void ListenersWillFollow()
        {
            _listenersComing = true;
        }

        /// <summary>A listener this command acts on: the first one's account is the fallback owner.</summary>
        public void ListenerIs(string? listenerArn)
        {
            var account = AwsArn.TryParse(listenerArn)?.Account;
            if (account != null)
            {
                _listenerAccount.TrySetResult(account);
            }
        }

        /// <summary>No listener comes any more: a request still waiting for one is refused.</summary>
        public void NoMoreListeners()
        {
            _listenerAccount.TrySetResult(null);
        }

        /// <summary>The account to name as the bucket's owner.</summary>
        /// <exception cref="MaintenanceModeException"><see cref="UnknownErrorId"/> when no account is known.</exception>
        public async Task<string> ForRequestAsync(CancellationToken cancellationToken)
        {
            var caller = CallerAccount.FromArn(await _caller.GetCallerArnAsync(cancellationToken).ConfigureAwait(false));
            if (caller != null)
            {
                return caller;
            }

            if (_givenAccount != null)
            {
                return _givenAccount;
            }

            var listener = _listenersComing || _listenerAccount.Task.IsCompleted
                ? await WaitAsync(_listenerAccount.Task, cancellationToken).ConfigureAwait(false)
                : null;
            return listener ?? throw new MaintenanceModeException(UnknownErrorId, ErrorKind.AuthenticationError,
                "The account that must own the S3 bucket is not known: sts:GetCallerIdentity did not answer (see the warning) and no listener or -AccountId names an account. "
                + "Without it S3 would not check the bucket's owner, so the request was not sent. Allow sts:GetCallerIdentity, or pass -AccountId.");
        }

        private static async Task<string?> WaitAsync(Task<string?> task, CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
            {
                return await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
    }
}
