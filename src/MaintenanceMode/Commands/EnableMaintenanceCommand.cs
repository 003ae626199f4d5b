using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Puts listeners into maintenance: everyone but the allowed sources gets the page, switched in one call.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "Maintenance", DefaultParameterSetName = ByListenerArn, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Operations.MaintenanceStatus")]
    public sealed class EnableMaintenanceCommand : MaintenanceTargetCmdlet
    {
        private MaintenanceSettings? _settings;
        private S3Uri? _stateUri;
        // The page, fetched while the first listener is found and read (the two need nothing of each other);
        // null once it is rendered into _settings, which happens before anything is planned.
        private System.Threading.Tasks.Task<PageTemplate>? _pageFetch;

        #region Parameters

        /// <summary>The page, as an S3 object: s3://bucket/key. Its Content-Type sets the response's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PageUri { get; set; }

        /// <summary>The page, as a local file (a runbook can carry it).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PagePath { get; set; }

        /// <summary>The page's content type, when S3's or the file extension's is not the one wanted.</summary>
        [Parameter]
        [ValidateFixedResponseContentType]
        [ArgumentCompleter(typeof(Completion.FixedResponseContentTypeCompleter))]
        public string? ContentType { get; set; }

        /// <summary>Send visitors (302) to a page hosted elsewhere, for a page too large to inline.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? RedirectUrl { get; set; }

        /// <summary>Paths of API clients (e.g. '/api/*'): they, and requests whose Accept asks for JSON, get {"error":"maintenance","reason":...} with the same status code.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ApiPathPattern { get; set; } = Array.Empty<string>();

        /// <summary>The HTTP status of the page: 2xx, 4xx or 5xx. Default 503.</summary>
        [Parameter]
        [ValidateRange(200, 599)]
        public int StatusCode { get; set; } = 503;

        /// <summary>CIDR blocks whose requests are routed exactly as the original rules route them.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] AllowSourceIp { get; set; } = Array.Empty<string>();

        /// <summary>Header names and values that let a request through; the values are secrets and never printed.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? AllowHeader { get; set; }

        /// <summary>ALB path patterns (case-sensitive, * and ?) whose requests are routed exactly as the original rules route them: health checks, webhooks, ACME challenges.</summary>
        [Parameter]
        [ValidateNotNull]
        public string[] AllowPath { get; set; } = Array.Empty<string>();

        /// <summary>ALB host patterns (case-insensitive, * and ?) whose requests are routed exactly as the original rules route them, e.g. a status host.</summary>
        [Parameter]
        [ValidateNotNull]
        public string[] AllowHost { get; set; } = Array.Empty<string>();

        /// <summary>When maintenance should end, for the page's {{Until}} and {{UntilRelative}} tokens: a date/time, or text.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Until { get; set; }

        /// <summary>Why, for the status, the audit trail and the page's {{Reason}} token.</summary>
        [Parameter]
        public string? Reason { get; set; }

        /// <summary>Where snapshots are kept, s3://bucket/prefix/. Default: the page's bucket under maintenance-mode/.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StateUri { get; set; }

        /// <summary>Writes the snapshot, record and lock with SSE-KMS under this key (id, ARN or alias) instead of the bucket's default encryption.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KmsKeyId { get; set; }

        /// <summary>Goes ahead on a listener the AWS Load Balancer Controller manages, once it no longer reconciles it.</summary>
        [Parameter]
        public SwitchParameter IgnoreLoadBalancerController { get; set; }

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        #endregion

        protected override bool ProposesChanges => true;

        protected override bool ReadsListenerAhead => true;

        protected override void BeginProcessing()
        {
            var settings = BuildSettings();
            base.BeginProcessing();
            if (KmsKeyId != null)
            {
                Context.EncryptStateWithKmsKey(KmsKeyId);
            }

            try
            {
                // Where snapshots go is decided per listener: one already in maintenance keeps its own,
                // so a local page without -StateUri is refused only for a listener that has none yet.
                _stateUri = StateUri == null ? null : S3Uri.ParsePrefix(StateUri);
                if (_stateUri != null)
                {
                    StateTagValue.Check(_stateUri);
                }

                if (RedirectUrl == null)
                {
                    var location = PageUri ?? SessionState.Path.GetUnresolvedProviderPathFromPSPath(PagePath!);
                    _pageFetch = StartOffPipelineThread(ct => Context.Pages.LoadTemplateAsync(location, ContentType, ct));
                }
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowTerminatingError(ToErrorRecord(ex, PageUri ?? PagePath));
            }

            _settings = settings;
        }

        protected override void ProcessRecord()
        {
            ForEachListener(target =>
            {
                if (ApprovedWithoutPreview(Force))
                {
                    // Nothing to show: the listener is read once, while the page still loads (see StartEnableWithoutPreviewAsync).
                    var start = StartOffPipelineThread(ct => Service.StartEnableWithoutPreviewAsync(target, ct));
                    MaintenanceSettings now;
                    try
                    {
                        now = Settings();
                    }
                    catch
                    {
                        RunOnPipelineThread(_ => Service.AbandonAsync(start));
                        throw;
                    }

                    WriteObject(RunOnPipelineThread(ct => Service.EnableWithoutPreviewAsync(start, now, _stateUri, ct)));
                    return;
                }

                var state = RunOnPipelineThread(ct => Service.ReadForEnableAsync(target, ct));
                var settings = Settings();
                var preview = Service.PreviewEnable(target, state, settings, _stateUri);
                if (!Approved(Force, Describe(target), () => preview.Plan.IsEmpty
                    ? "Enable maintenance (already on with these settings: no call needed)"
                    : "Enable maintenance with these calls:" + preview.Describe()))
                {
                    return;
                }

                WriteObject(RunOnPipelineThread(ct => Service.EnableAsync(preview, settings, _stateUri, ct)));
            });
        }

        protected override void EndProcessing()
        {
            // A bad page is an error even when no listener came down the pipeline.
            NoMoreListeners();
            Settings();
            base.EndProcessing();
        }

        /// <summary>
        /// The settings, with the page rendered the first time they are asked for: tokens filled, minified only
        /// when over 1024 characters, as Test-MaintenancePage does. A page that cannot be read or used stops the
        /// command before any listener is planned, let alone changed.
        /// </summary>
        private MaintenanceSettings Settings()
        {
            var settings = _settings!;
            var fetch = _pageFetch;
            if (fetch == null)
            {
                return settings;
            }

            try
            {
                var template = RunOnPipelineThread(_ => fetch);
                var page = PageRenderer.Render(template, Reason, PageUntilParameter.From(Until), DateTimeOffset.Now);
                foreach (var warning in page.Warnings)
                {
                    WriteWarning(Mask(warning));
                }

                if (page.Minified)
                {
                    WriteVerbose($"The page was minified to fit ALB's 1024 characters ({page.RenderedCharacters} -> {page.Characters}).");
                }

                settings.PageBody = page.Content;
                settings.PageContentType = page.ContentType;
                settings.PageSource = PageUri ?? Path.GetFileName(PagePath!);
                _pageFetch = null;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowTerminatingError(ToErrorRecord(ex, PageUri ?? PagePath));
            }

            return settings;
        }

        /// <summary>
        /// Bad parameters stop the command before anything is read or changed: the secrets are read here (their
        /// PowerShell forms) and masked from then on; every other check is the core's (MaintenanceSettingsBuilder).
        /// </summary>
        private MaintenanceSettings BuildSettings()
        {
            List<KeyValuePair<string, string>>? headers = null;
            if (AllowHeader != null)
            {
                headers = new List<KeyValuePair<string, string>>();
                foreach (DictionaryEntry entry in AllowHeader)
                {
                    var name = entry.Key?.ToString() ?? string.Empty;
                    if (!SecretParameter.TryRead(entry.Value, out var value))
                    {
                        ThrowTerminatingError(SecretParameter.Refusal("-AllowHeader", name, entry.Value!));
                    }

                    AddSecret(value);
                    headers.Add(new KeyValuePair<string, string>(name, value));
                }
            }

            var request = new MaintenanceRequest
            {
                PageUri = PageUri,
                PagePath = PagePath,
                RedirectUrl = RedirectUrl,
                StatusCode = StatusCode,
                Reason = Reason,
                IgnoreLoadBalancerController = IgnoreLoadBalancerController,
                ApiPathPatterns = ApiPathPattern,
                AllowSourceIp = AllowSourceIp,
                AllowHeaders = headers,
                AllowPaths = AllowPath,
                AllowHosts = AllowHost,
            };
            var warnings = new List<string>();
            try
            {
                return MaintenanceSettingsBuilder.Build(request, warnings);
            }
            catch (Exception ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, null));
                throw;
            }
            finally
            {
                foreach (var warning in warnings)
                {
                    WriteWarning(Mask(warning));
                }
            }
        }
    }
}
