namespace MaintenanceMode.Errors
{
    /// <summary>
    /// Every stable error id the module raises, each with its kind, in one place. An id becomes the
    /// ErrorRecord's FullyQualifiedErrorId and scripts match on it, so a value never changes once
    /// released. Adding an error is one line here and one row in the README's error table (a test
    /// keeps the two in step). Ids made from an AWS error code at run time (<c>Elbv2.&lt;Code&gt;</c>,
    /// <c>Aws.&lt;Code&gt;</c>) are the only ones not listed.
    /// </summary>
    public static class ErrorIds
    {
        // The page: loading, validating and rendering it.
        [Error(ErrorKind.LimitsExceeded)] public const string PageTooLarge = nameof(PageTooLarge);
        [Error(ErrorKind.InvalidData)] public const string PageEmpty = nameof(PageEmpty);
        [Error(ErrorKind.InvalidData)] public const string PageNotUtf8 = nameof(PageNotUtf8);
        [Error(ErrorKind.InvalidData)] public const string UnsupportedContentType = nameof(UnsupportedContentType);
        [Error(ErrorKind.ObjectNotFound)] public const string PageNotFound = nameof(PageNotFound);
        [Error(ErrorKind.ObjectNotFound)] public const string PageBucketNotFound = nameof(PageBucketNotFound);
        [Error(ErrorKind.PermissionDenied)] public const string PageAccessDenied = nameof(PageAccessDenied);
        [Error(ErrorKind.ObjectNotFound)] public const string PageFileNotFound = nameof(PageFileNotFound);
        [Error(ErrorKind.InvalidData)] public const string PageNotARegularFile = nameof(PageNotARegularFile);
        [Error(ErrorKind.InvalidData)] public const string UnsafeTokenContext = nameof(UnsafeTokenContext);

        // Parameters, checked before anything is read.
        [Error(ErrorKind.InvalidArgument)] public const string PageRequired = nameof(PageRequired);
        [Error(ErrorKind.InvalidArgument)] public const string StateUriRequired = nameof(StateUriRequired);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidRedirectUrl = nameof(InvalidRedirectUrl);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidApiPathPattern = nameof(InvalidApiPathPattern);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidStatusCode = nameof(InvalidStatusCode);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidCidr = nameof(InvalidCidr);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidHeaderName = nameof(InvalidHeaderName);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidHeaderValue = nameof(InvalidHeaderValue);
        [Error(ErrorKind.InvalidArgument)] public const string WildcardInHeaderValue = nameof(WildcardInHeaderValue);
        [Error(ErrorKind.InvalidType)] public const string InvalidSecretType = nameof(InvalidSecretType);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidStateUri = nameof(InvalidStateUri);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidAllowPath = nameof(InvalidAllowPath);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidAllowHost = nameof(InvalidAllowHost);
        [Error(ErrorKind.InvalidArgument)] public const string BypassAllowsEveryone = nameof(BypassAllowsEveryone);
        [Error(ErrorKind.InvalidArgument)] public const string AllowHeaderEmpty = nameof(AllowHeaderEmpty);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidUri = nameof(InvalidUri);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidSourceIp = nameof(InvalidSourceIp);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidS3Uri = nameof(InvalidS3Uri);

        // The target.
        [Error(ErrorKind.ObjectNotFound)] public const string LoadBalancerNotFound = nameof(LoadBalancerNotFound);
        [Error(ErrorKind.ObjectNotFound)] public const string ListenerNotFound = nameof(ListenerNotFound);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidListenerArn = nameof(InvalidListenerArn);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidLoadBalancerArn = nameof(InvalidLoadBalancerArn);
        [Error(ErrorKind.InvalidArgument)] public const string UnsupportedLoadBalancerType = nameof(UnsupportedLoadBalancerType);
        [Error(ErrorKind.InvalidArgument)] public const string UnsupportedListenerProtocol = nameof(UnsupportedListenerProtocol);
        [Error(ErrorKind.ObjectNotFound)] public const string NoHttpListener = nameof(NoHttpListener);

        // ALB limits and the listener's rules.
        [Error(ErrorKind.LimitsExceeded)] public const string BypassNotPossible = nameof(BypassNotPossible);
        [Error(ErrorKind.LimitsExceeded)] public const string RuleQuotaExceeded = nameof(RuleQuotaExceeded);
        [Error(ErrorKind.LimitsExceeded)] public const string RuleLimitExceeded = nameof(RuleLimitExceeded);
        [Error(ErrorKind.LimitsExceeded)] public const string PriorityRangeExhausted = nameof(PriorityRangeExhausted);
        [Error(ErrorKind.InvalidData)] public const string InvalidListenerRule = nameof(InvalidListenerRule);
        [Error(ErrorKind.InvalidData)] public const string UnknownRuleMember = nameof(UnknownRuleMember);
        [Error(ErrorKind.InvalidOperation)] public const string ListenerManagedByController = nameof(ListenerManagedByController);

        // The state in S3: snapshots, records and the lock.
        [Error(ErrorKind.AuthenticationError)] public const string BucketOwnerUnknown = nameof(BucketOwnerUnknown);
        [Error(ErrorKind.ResourceBusy)] public const string MaintenanceInProgress = nameof(MaintenanceInProgress);
        [Error(ErrorKind.PermissionDenied)] public const string S3AccessDenied = nameof(S3AccessDenied);
        [Error(ErrorKind.ObjectNotFound)] public const string S3BucketNotFound = nameof(S3BucketNotFound);
        [Error(ErrorKind.ObjectNotFound)] public const string S3ObjectNotFound = nameof(S3ObjectNotFound);
        [Error(ErrorKind.InvalidOperation)] public const string S3ObjectTooLarge = nameof(S3ObjectTooLarge);
        [Error(ErrorKind.InvalidOperation)] public const string S3RequestFailed = nameof(S3RequestFailed);
        [Error(ErrorKind.ResourceUnavailable)] public const string SnapshotAlreadyExists = nameof(SnapshotAlreadyExists);
        [Error(ErrorKind.InvalidOperation)] public const string SnapshotChanged = nameof(SnapshotChanged);
        [Error(ErrorKind.InvalidOperation)] public const string LockChanged = nameof(LockChanged);
        [Error(ErrorKind.InvalidOperation)] public const string LockUnreadable = nameof(LockUnreadable);
        [Error(ErrorKind.ObjectNotFound)] public const string SnapshotMissing = nameof(SnapshotMissing);
        [Error(ErrorKind.InvalidData)] public const string SnapshotCorrupt = nameof(SnapshotCorrupt);
        [Error(ErrorKind.InvalidData)] public const string SnapshotListenerMismatch = nameof(SnapshotListenerMismatch);
        [Error(ErrorKind.InvalidData)] public const string SnapshotDigestMismatch = nameof(SnapshotDigestMismatch);

        // Save-, Compare- and Restore-ListenerSnapshot.
        [Error(ErrorKind.ObjectNotFound)] public const string SnapshotNotFound = nameof(SnapshotNotFound);
        [Error(ErrorKind.ObjectNotFound)] public const string SnapshotPathNotFound = nameof(SnapshotPathNotFound);
        [Error(ErrorKind.PermissionDenied)] public const string SnapshotAccessDenied = nameof(SnapshotAccessDenied);
        [Error(ErrorKind.LimitsExceeded)] public const string SnapshotTooLarge = nameof(SnapshotTooLarge);
        [Error(ErrorKind.InvalidArgument)] public const string SnapshotNotARegularFile = nameof(SnapshotNotARegularFile);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidSnapshotSource = nameof(InvalidSnapshotSource);
        [Error(ErrorKind.InvalidArgument)] public const string OidcSecretRequired = nameof(OidcSecretRequired);
        [Error(ErrorKind.InvalidOperation)] public const string PriorityTakenByAddedRule = nameof(PriorityTakenByAddedRule);
        [Error(ErrorKind.InvalidOperation)] public const string ListenerInMaintenance = nameof(ListenerInMaintenance);

        // The AWS session.
        [Error(ErrorKind.InvalidArgument)] public const string RegionNotResolved = nameof(RegionNotResolved);
        [Error(ErrorKind.AuthenticationError)] public const string CredentialsNotResolved = nameof(CredentialsNotResolved);
        [Error(ErrorKind.ObjectNotFound)] public const string ProfileNotFound = nameof(ProfileNotFound);
        [Error(ErrorKind.InvalidType)] public const string CredentialNotSupported = nameof(CredentialNotSupported);
        [Error(ErrorKind.InvalidArgument)] public const string InvalidEndpoint = nameof(InvalidEndpoint);
        [Error(ErrorKind.InvalidArgument)] public const string InsecureEndpoint = nameof(InsecureEndpoint);
        [Error(ErrorKind.AuthenticationError)] public const string AccountMismatch = nameof(AccountMismatch);

        // The preview server.
        [Error(ErrorKind.InvalidArgument)] public const string PortForSeveralListeners = nameof(PortForSeveralListeners);
        [Error(ErrorKind.ResourceUnavailable)] public const string PreviewPortUnavailable = nameof(PreviewPortUnavailable);
        [Error(ErrorKind.ObjectNotFound)] public const string PreviewNotFound = nameof(PreviewNotFound);

        // Any command.
        [Error(ErrorKind.InvalidOperation)] public const string OperationStopped = nameof(OperationStopped);
        [Error(ErrorKind.NotSpecified)] public const string UnexpectedError = nameof(UnexpectedError);
    }
}
