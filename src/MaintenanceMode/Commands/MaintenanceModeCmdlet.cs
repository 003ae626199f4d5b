using System;
using System.Collections.Generic;
using System.Collections;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws;
using MaintenanceMode.Errors;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// What every MaintenanceMode cmdlet shares: the AWS session parameters and the core for that session
    /// (<see cref="Context"/>, made in BeginProcessing), cancellation on Ctrl+C (StopProcessing), running async
    /// core calls from the pipeline thread, and one error policy: bad parameters are terminating
    /// (<see cref="Fail"/>), a failure of one record or listener is a non-terminating error
    /// (<see cref="Guarded"/>), both with the catalogue's id and category.
    /// <para>
    /// Like the whole cmdlet assembly, this class never names an AWSSDK type: it speaks to the core through
    /// <see cref="AwsSessionOptions"/> and <see cref="AwsSession"/> only (see ModuleInit).
    /// </para>
    /// </summary>
    public abstract class MaintenanceModeCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly SecretMask _secrets = new SecretMask();
        private PipelineThreadQueue? _queue;
        // Guards _queue and _deferred together, so a line handed over from another thread is either posted to
        // the running queue or kept for the next one, never written from that thread.
        private readonly object _queueGate = new object();
        private readonly List<Action> _deferred = new List<Action>();
        // PowerShell constructs a cmdlet on the pipeline thread that then calls its Begin/Process/EndProcessing.
        private readonly int _pipelineThread = Environment.CurrentManagedThreadId;
        private CommandContext? _context;

        #region Parameters

        /// <summary>The AWS region, for example eu-west-1. Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        /// <summary>A profile of the shared credentials/config files. Default: AWS_PROFILE, then "default".</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        /// <summary>A credentials file at another path, as in AWS.Tools: -ProfileName (else "default") is read from that file only.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProfileLocation { get; set; }

        /// <summary>
        /// Credentials: a PSCredential (user name = access key id, password = secret access key), an AWS.Tools
        /// credential (Get-AWSCredential), or an object with AccessKey and SecretKey (and SessionToken).
        /// Typed as object because AWS.Tools' AWSCredentials comes from another AWSSDK.Core.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Credential { get; set; }

        /// <summary>One endpoint for every service (an emulator, a VPC endpoint). Default: the AWS_ENDPOINT_URL* variables, then AWS.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? EndpointUrl { get; set; }

        /// <summary>Takes an http:// endpoint (-EndpointUrl or AWS_ENDPOINT_URL*) whose host is not this machine; without it only https:// or loopback.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureEndpoint { get; set; }

        #endregion

        #region Members

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        #endregion

        #region Methods

        /// <summary>
        /// The session parameters as the core takes them; a PSCredential becomes an <see cref="AccessKeyCredential"/>.
        /// The shell's defaults of AWS.Tools (Set-DefaultAWSRegion, Set-AWSCredential) are read as AWS.Tools reads
        /// them: from the caller's session state, so a variable of the calling scope counts as well as a global one.
        /// </summary>
        protected AwsSessionOptions CreateSessionOptions() => new AwsSessionOptions
        {
            Region = Region,
            ProfileName = ProfileName,
            ProfileLocation = ProfileLocation == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation),
            Credential = ToCoreCredential(Credential),
            EndpointUrl = EndpointUrl,
            AllowInsecureEndpoint = AllowInsecureEndpoint,
            StoredRegion = ShellVariable(StoredRegionVariable)?.ToString(),
            StoredCredential = ToCoreCredential(ShellVariable(StoredCredentialsVariable)),
        };

        /// <summary>Where AWS.Tools' Set-DefaultAWSRegion keeps the shell's region (a region name).</summary>
        internal const string StoredRegionVariable = "StoredAWSRegion";

        /// <summary>Where AWS.Tools' Set-AWSCredential keeps the shell's credentials.</summary>
        internal const string StoredCredentialsVariable = "StoredAWSCredentials";

        private object? ShellVariable(string name)
        {
            var value = SessionState.PSVariable.GetValue(name);
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        /// <summary>
        /// Runs an async core call and waits for it on the pipeline thread, running whatever the call hands to
        /// <see cref="InvokeOnPipelineThread"/> / <see cref="InvokeOnPipelineThread{T}"/> meanwhile.
        /// Ctrl+C cancels the token it is given and ends the command as a stopped pipeline.
        /// </summary>
        protected T RunOnPipelineThread<T>(Func<CancellationToken, Task<T>> operation)
        {
            if (operation == null)
            {
                throw new ArgumentNullException(nameof(operation));
            }
            if (_queue != null)
            {
                throw new InvalidOperationException("RunOnPipelineThread is already running for this command.");
            }
            var queue = new PipelineThreadQueue(CancelQuietly);
            lock (_queueGate)
            {
                _queue = queue;
                foreach (var action in _deferred)
                {
                    queue.Post(action);
                }

                _deferred.Clear();
            }

            try
            {
                return queue.Run(() => operation(_stopping.Token));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                List<Action> late;
                lock (_queueGate)
                {
                    _queue = null;
                    late = new List<Action>(_deferred);
                    _deferred.Clear();
                }

                foreach (var action in late)
                {
                    action();
                }
            }
        }

        /// <summary>
        /// Starts a core call that runs while the pipeline thread goes on with other calls; wait for it with
        /// <c>RunOnPipelineThread(_ =&gt; task)</c>. What it reports between two <see cref="RunOnPipelineThread{T}"/>
        /// calls waits for the next one (nothing pumps meanwhile), so it must never wait for the pipeline itself
        /// (no ShouldProcess). Ctrl+C cancels it like any other call.
        /// </summary>
        protected Task<T> StartOffPipelineThread<T>(Func<CancellationToken, Task<T>> operation)
        {
            if (operation == null)
            {
                throw new ArgumentNullException(nameof(operation));
            }
            return Task.Run(() => operation(_stopping.Token));
        }

        /// <inheritdoc cref="RunOnPipelineThread{T}(Func{CancellationToken, Task{T}})"/>
        protected void RunOnPipelineThread(Func<CancellationToken, Task> operation)
        {
            if (operation == null)
            {
                throw new ArgumentNullException(nameof(operation));
            }
            RunOnPipelineThread<bool>(async token =>
            {
                await operation(token).ConfigureAwait(false);
                return true;
            });
        }

        /// <summary>
        /// From any thread, while <see cref="RunOnPipelineThread{T}"/> waits: run <paramref name="action"/>
        /// (WriteVerbose, WriteProgress, WriteObject...) on the pipeline thread, without waiting.
        /// </summary>
        protected void InvokeOnPipelineThread(Action action)
        {
            lock (_queueGate)
            {
                // A queue whose operation has just completed takes no more work: a call started with
                // StartOffPipelineThread that reports then is deferred like one that reports between operations.
                if (_queue != null && _queue.TryPost(action))
                {
                    return;
                }

                if (Environment.CurrentManagedThreadId != _pipelineThread)
                {
                    // A call started with StartOffPipelineThread reported while nothing pumps (the caller lookup
                    // a page read set off, say): PowerShell allows no write from this thread, so the line waits
                    // for the next RunOnPipelineThread.
                    _deferred.Add(action);
                    return;
                }
            }

            action(); // no operation running: the caller is the pipeline thread itself
        }

        /// <summary>As <see cref="InvokeOnPipelineThread(Action)"/>, waiting for the result (ShouldProcess, ShouldContinue).</summary>
        protected T InvokeOnPipelineThread<T>(Func<T> function)
        {
            var queue = _queue;
            return queue != null ? queue.Send(function) : function();
        }

        protected static string ModuleVersion => typeof(MaintenanceModeCmdlet).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        /// <summary>The core's narration as -Verbose, warnings and Write-Progress, on the pipeline thread and masked.</summary>
        protected DelegateReporter CreateReporter(int activityId = 1) => new DelegateReporter(
            message => InvokeOnPipelineThread(() => WriteVerbose(Mask(message))),
            message => InvokeOnPipelineThread(() => WriteWarning(Mask(message))),
            (activity, status, percent) => WriteCoreProgress(activityId, activity, status, percent));

        protected void WriteCoreProgress(int activityId, string activity, string status, int percent) =>
            InvokeOnPipelineThread(() => WriteProgress(new ProgressRecord(activityId, Mask(activity), Mask(status)) { PercentComplete = Math.Min(100, percent) }));

        /// <summary>The core for this command's AWS session, made in BeginProcessing when <see cref="OpensSession"/>.</summary>
        protected CommandContext Context => _context ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>The context when BeginProcessing made one; null before, or for a command that opens no session.</summary>
        protected CommandContext? ContextIfMade => _context;

        protected string CommandName => MyInvocation.MyCommand.Name;

        /// <summary>False for a command that may run without AWS (Test-MaintenancePage with a local page).</summary>
        protected virtual bool OpensSession => true;

        protected virtual int ActivityId => 1;

        /// <summary>True for commands that change listeners: they name the account, region and caller in every prompt.</summary>
        protected virtual bool ProposesChanges => false;

        /// <summary>Whether the caller is looked up (beside the first read, never before it); -Verbose then starts with it.</summary>
        protected virtual bool NamesCaller => ProposesChanges;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (OpensSession)
            {
                _context = CreateContext(CreateReporter(ActivityId));
                if (NamesCaller)
                {
                    _context.LeadVerboseWithIdentity();
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_context != null)
            {
                _context.ReleaseVerbose();
                WriteProgress(new ProgressRecord(ActivityId, CommandName, "done") { RecordType = ProgressRecordType.Completed });
            }

            base.EndProcessing();
        }

        /// <summary>Runs <paramref name="body"/>; a failure becomes one non-terminating error, so the next record or listener still runs.</summary>
        protected void Guarded(string? target, Action body)
        {
            try
            {
                body();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteError(ToErrorRecord(ex, target));
            }
        }

        /// <summary>A bad parameter stops the command before anything is read or changed.</summary>
        protected void Fail(string errorId, string message, object? target) =>
            ThrowTerminatingError(ParameterError(errorId, message, target));

        /// <summary>An error of the catalogue about a parameter value, with the catalogue's category.</summary>
        internal static ErrorRecord ParameterError(string errorId, string message, object? target, Exception? exception = null) =>
            new ErrorRecord(exception ?? new ArgumentException(message), errorId, CategoryOf(ErrorCatalogue.KindOf(errorId)), target);

        /// <summary>The core for this command's AWS session; no region or no credentials stops the command.</summary>
        protected CommandContext CreateContext(IMaintenanceReporter reporter)
        {
            try
            {
                return CommandContext.Create(CreateSessionOptions(), reporter, ModuleVersion);
            }
            catch (Exception ex)
            {
                // Nothing can run without a session, so this one is terminating.
                ThrowTerminatingError(ToErrorRecord(ex, null));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>Values that must never be printed (header values, OIDC secrets); masked in every message.</summary>
        protected void AddSecret(string value) => _secrets.Add(value);

        /// <summary>The text with every secret hidden, in each form it can take (URL-encoded, escaped, cut off).</summary>
        protected string Mask(string text) => _secrets.Apply(text);

        /// <summary>
        /// Any failure as an ErrorRecord: the core's stable id, a category that fits, the message masked. The
        /// record carries a masked copy of the exception chain, never the chain itself, which may hold secrets.
        /// </summary>
        protected ErrorRecord ToErrorRecord(Exception error, string? target)
        {
            var known = ErrorTranslator.Translate(error);
            var exception = new MaintenanceModeCommandException(Mask(known.Message), known.ErrorId, MaskedException.Of(known, _secrets));
            return new ErrorRecord(exception, known.ErrorId, CategoryOf(known.Kind), target ?? known.Target);
        }

        internal static ErrorCategory CategoryOf(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case ErrorKind.InvalidType: return ErrorCategory.InvalidType;
                case ErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case ErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case ErrorKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case ErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case ErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case ErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case ErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case ErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case ErrorKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                default: return ErrorCategory.NotSpecified;
            }
        }

        /// <summary>
        /// True when the change goes ahead with no preview shown and no question asked: -Force (as <see cref="Approved"/>
        /// takes it), or -Confirm:$false without -WhatIf. Then nothing needs reading just to be shown.
        /// </summary>
        protected bool ApprovedWithoutPreview(bool force)
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey("WhatIf"))
            {
                return false;
            }

            if (bound.TryGetValue("Confirm", out var confirm))
            {
                return confirm is SwitchParameter asked && !asked.IsPresent && !LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            }

            return force;
        }

        /// <summary>
        /// ShouldProcess, except that -Force skips the prompt (never -WhatIf or an explicit -Confirm). The action's
        /// text is built only when ShouldProcess is asked: with -Force it is never shown.
        /// </summary>
        protected bool Approved(bool force, string target, Func<string> action)
        {
            if (force && !MyInvocation.BoundParameters.ContainsKey("WhatIf") && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            return InvokeOnPipelineThread(() => ShouldProcess(Mask(target), Mask(action())));
        }

        protected override void StopProcessing()
        {
            CancelQuietly();
            base.StopProcessing();
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                _context?.Dispose();
                _stopping.Dispose();
            }
        }

        private void CancelQuietly()
        {
            try
            {
                _stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command finished while the pipeline was being stopped.
            }
        }

        /// <summary>
        /// -Credential as the core reads it. PowerShell wraps values in PSObject; a PSCredential carries the keys
        /// as user name and password; a hashtable or [pscustomobject] carries them as keys/note properties,
        /// which the core cannot see by reflection. Anything else (an AWS.Tools credential) goes as is.
        /// </summary>
        private static object? ToCoreCredential(object? value)
        {
            var wrapper = value as PSObject;
            var bare = wrapper?.BaseObject ?? value;
            switch (bare)
            {
                case null:
                    return null;
                case PSCredential credential:
                    return new AccessKeyCredential(credential.UserName, credential.GetNetworkCredential().Password);
                case IDictionary dictionary when dictionary.Contains("AccessKey"):
                    return new AccessKeyCredential(
                        dictionary["AccessKey"]?.ToString() ?? string.Empty,
                        dictionary["SecretKey"]?.ToString() ?? string.Empty,
                        (dictionary["SessionToken"] ?? dictionary["Token"])?.ToString());
                case PSCustomObject _ when wrapper?.Properties["AccessKey"] != null:
                    return new AccessKeyCredential(
                        wrapper.Properties["AccessKey"]?.Value?.ToString() ?? string.Empty,
                        wrapper.Properties["SecretKey"]?.Value?.ToString() ?? string.Empty,
                        (wrapper.Properties["SessionToken"]?.Value ?? wrapper.Properties["Token"]?.Value)?.ToString());
                default:
                    return bare;
            }
        }

        #endregion
    }
}
