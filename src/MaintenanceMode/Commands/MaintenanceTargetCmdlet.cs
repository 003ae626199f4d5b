using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MaintenanceMode.Operations;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// What Enable-, Disable- and Get-Maintenance share: the targets (listener ARNs, load balancer
    /// ARNs or names, from the pipeline by property name), the core context, and a reporter that
    /// turns the core's narration into -Verbose, warnings and Write-Progress on the pipeline thread.
    /// </summary>
    public abstract class MaintenanceTargetCmdlet : MaintenanceModeCmdlet
    {
        protected const string ByListenerArn = "ListenerArn";
        protected const string ByLoadBalancerArn = "LoadBalancerArn";
        protected const string ByLoadBalancerName = "LoadBalancerName";

        private int _listenersDone;

        #region Parameters

        /// <summary>One or more HTTP/HTTPS listeners of Application Load Balancers.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByListenerArn, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ListenerArnCompleter))]
        public string[] ListenerArn { get; set; } = Array.Empty<string>();

        /// <summary>One or more Application Load Balancers: every HTTP and HTTPS listener on each.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByLoadBalancerArn, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] LoadBalancerArn { get; set; } = Array.Empty<string>();

        /// <summary>Application Load Balancers by name: every HTTP and HTTPS listener on each.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByLoadBalancerName, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.LoadBalancerNameCompleter))]
        public string[] LoadBalancerName { get; set; } = Array.Empty<string>();

        /// <summary>A guard: the 12-digit account the listeners must be in. Another account is refused before anything is read or changed.</summary>
        [Parameter]
        [ValidatePattern(@"^\d{12}$")]
        public string? AccountId { get; set; }

        #endregion

        #region Members

        protected MaintenanceService Service => Context.Service;

        #endregion

        #region Methods

        /// <summary>Enable: the first listener named by ARN is read beside the calls that resolve it (see MaintenanceService.ResolveForEnableAsync).</summary>
        protected virtual bool ReadsListenerAhead => false;

        /// <summary>The caller is looked up to name it, or to check -AccountId.</summary>
        protected override bool NamesCaller => base.NamesCaller || AccountId != null;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Without the caller's account, S3 requests name -AccountId or the listeners' account as the bucket owner;
            // a page read started before the listeners are resolved waits for them.
            if (ContextIfMade is { } context)
            {
                context.BucketOwner.GivenAccountId(AccountId);
                context.BucketOwner.ListenersWillFollow();
            }
        }

        protected override void EndProcessing()
        {
            NoMoreListeners();
            base.EndProcessing();
        }

        /// <summary>Every listener has come: an S3 read waiting for one to name the bucket owner is refused.</summary>
        protected void NoMoreListeners() => ContextIfMade?.BucketOwner.NoMoreListeners();

        /// <summary>The target as a prompt names it: "shop:80 (HTTP) in account 123456789012, eu-west-1, as assumed-role/Deploy/ci".</summary>
        protected string Describe(ListenerTarget target) => Context.Identity.Describe(target);

        /// <summary>The targets bound for this pipeline record.</summary>
        protected TargetSelection Selection() => new TargetSelection
        {
            ListenerArns = ListenerArn,
            LoadBalancerArns = LoadBalancerArn,
            LoadBalancerNames = LoadBalancerName,
        };

        /// <summary>
        /// Resolves the targets, writes one non-terminating error per name that did not resolve, and
        /// runs <paramref name="perListener"/> for each listener, each failure its own error.
        /// </summary>
        protected void ForEachListener(Action<ListenerTarget> perListener)
        {
            IReadOnlyList<TargetResult> results;
            try
            {
                results = RunOnPipelineThread(ct => ReadsListenerAhead ? Service.ResolveForEnableAsync(Selection(), NamesCaller, ct)
                    : NamesCaller ? Service.ResolveWithCallerAsync(Selection(), ct) : Service.ResolveAsync(Selection(), ct));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }

            try
            {
                ForEachResolved(results, perListener);
            }
            finally
            {
                // A read started beside the resolve that no listener's plan took (refused, stopped) ends here, unobserved.
                if (Service.HasReadAhead)
                {
                    RunOnPipelineThread(_ => Service.AbandonReadAheadAsync());
                }
            }
        }

        private void ForEachResolved(IReadOnlyList<TargetResult> results, Action<ListenerTarget> perListener)
        {
            try
            {
                // Credentials of another account: refused once, before any name is looked at (it would only be "not found" there).
                Context.Identity.CheckAccount(AccountId, null);
            }
            catch (Exception ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, AccountId));
            }

            foreach (var failed in results.Where(r => r.Error != null))
            {
                WriteError(ToErrorRecord(failed.Error!, failed.Error!.Target));
            }

            var targets = results.Where(r => r.Target != null).Select(r => r.Target!).ToList();
            foreach (var target in targets)
            {
                WriteCoreProgress(ActivityId, CommandName, target.ToString(), targets.Count > 1 ? 100 * _listenersDone / Math.Max(1, targets.Count) : -1);
                Guarded(target.ListenerArn, () =>
                {
                    Context.Identity.CheckAccount(AccountId, target);
                    Context.BucketOwner.ListenerIs(target.ListenerArn);
                    perListener(target);
                });

                _listenersDone++;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                NoMoreListeners();
            }

            base.Dispose(disposing);
        }

        #endregion
    }
}
