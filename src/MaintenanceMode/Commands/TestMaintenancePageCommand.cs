using System;
using System.Management.Automation;
using MaintenanceMode.Operations;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Renders a maintenance page as Enable-Maintenance would serve it: tokens filled, minified only when over 1024 characters, measured against ALB's limit.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MaintenancePage", DefaultParameterSetName = ByPath)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Pages.RenderedPage")]
    public sealed class TestMaintenancePageCommand : MaintenanceModeCmdlet
    {
        private const string ByUri = "PageUri";
        private const string ByPath = "PagePath";

        #region Parameters

        /// <summary>The page as an S3 object: s3://bucket/key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByUri, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string PageUri { get; set; } = null!;

        /// <summary>The page as a local file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByPath, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string PagePath { get; set; } = null!;

        /// <summary>The page's content type, when S3's or the file extension's is not the one wanted.</summary>
        [Parameter]
        [ValidateFixedResponseContentType]
        [ArgumentCompleter(typeof(Completion.FixedResponseContentTypeCompleter))]
        public string? ContentType { get; set; }

        /// <summary>The value of {{Reason}}.</summary>
        [Parameter]
        public string? Reason { get; set; }

        /// <summary>
        /// When maintenance should end: a [datetime]/[DateTimeOffset], or text. {{Until}} shows text as written;
        /// {{UntilRelative}} ("in 30 minutes") and {{UntilIso}} need text that reads as a time.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Until { get; set; }

        #endregion

        /// <summary>A local page needs no AWS session; a page in S3 opens one per record (see LoadFromS3).</summary>
        protected override bool OpensSession => false;

        protected override void ProcessRecord()
        {
            var until = PageUntilParameter.From(Until);
            try
            {
                var template = ParameterSetName == ByUri ? LoadFromS3() : LoadFromFile();
                var page = PageRenderer.Measure(template, Reason, until, DateTimeOffset.Now);
                foreach (var warning in page.Warnings)
                {
                    WriteWarning(warning);
                }

                if (page.Problem != null)
                {
                    WriteWarning(page.Problem);
                }

                WriteObject(page);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteError(ToErrorRecord(ex, PageUri ?? PagePath));
            }
        }

        private PageTemplate LoadFromFile()
        {
            // A local page needs no AWS session: no region or credentials are asked for.
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(PagePath);
            return RunOnPipelineThread(ct => new PageLoader(null).LoadTemplateAsync(path, ContentType, ct));
        }

        private PageTemplate LoadFromS3()
        {
            // Not CreateContext: a page that cannot be read is this record's error, not the command's end.
            using (var context = CommandContext.Create(CreateSessionOptions(), CreateReporter(), ModuleVersion))
            {
                return RunOnPipelineThread(ct => context.Pages.LoadTemplateAsync(PageUri, ContentType, ct));
            }
        }
    }
}
