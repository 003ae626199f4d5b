using MaintenanceMode.Errors;
using MaintenanceMode.Operations;

namespace MaintenanceMode.Tests.Parameters
{
    /// <summary>Enable-Maintenance's parameter checks, in the core: each refusal's id, message and target.</summary>
    public sealed class MaintenanceSettingsBuilderTests
    {
        private static MaintenanceRequest Page() => new MaintenanceRequest { PageUri = "s3://pages/down.html" };

        private static MaintenanceModeException Refused(MaintenanceRequest request) =>
            Assert.Throws<MaintenanceModeException>(() => MaintenanceSettingsBuilder.Build(request, new List<string>()));

        [Fact]
        public void Builds_the_settings_with_patterns_deduplicated_as_alb_compares_them()
        {
            var request = Page();
            request.StatusCode = 500;
            request.Reason = "DB upgrade";
            request.AllowSourceIp = new[] { "203.0.113.7/32" };
            request.AllowHeaders = new[] { new KeyValuePair<string, string>("X-Bypass", Guid.NewGuid().ToString("N")) };
            request.AllowPaths = new[] { "/health", "/health", "/Health" };
            request.AllowHosts = new[] { "status.example.com", "STATUS.example.com" };
            request.ApiPathPatterns = new[] { "/api/*" };

            var settings = MaintenanceSettingsBuilder.Build(request, new List<string>());

            Assert.Equal(500, settings.StatusCode);
            Assert.Equal("DB upgrade", settings.Reason);
            Assert.Single(settings.AllowSourceIp);
            Assert.Equal("X-Bypass", Assert.Single(settings.AllowHeaders).Name);
            Assert.Equal(new[] { "/health", "/Health" }, settings.AllowPaths);
            Assert.Equal(new[] { "status.example.com" }, settings.AllowHosts);
            Assert.Equal(new[] { "/api/*" }, settings.ApiPathPatterns);
            Assert.True(settings.HasBypass);
        }

        [Theory]
        [InlineData(null, null, null)]
        [InlineData("s3://pages/down.html", "down.html", null)]
        [InlineData("s3://pages/down.html", null, "https://status.example.com/")]
        public void Exactly_one_page_is_required(string? pageUri, string? pagePath, string? redirect)
        {
            var error = Refused(new MaintenanceRequest { PageUri = pageUri, PagePath = pagePath, RedirectUrl = redirect == null ? null : new Uri(redirect) });

            Assert.Equal(ErrorIds.PageRequired, error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("exactly one of -PageUri", error.Message);
        }

        [Fact]
        public void A_redirect_must_be_an_absolute_http_url()
        {
            var error = Refused(new MaintenanceRequest { RedirectUrl = new Uri("ftp://status.example.com/") });

            Assert.Equal(ErrorIds.InvalidRedirectUrl, error.ErrorId);
            Assert.Equal("ftp://status.example.com/", error.Target);
        }

        [Theory]
        [InlineData("/api/ x")]
        [InlineData("/api/\u00e9")]
        public void An_api_path_pattern_alb_cannot_match_is_refused(string pattern)
        {
            var request = Page();
            request.ApiPathPatterns = new[] { pattern };

            var error = Refused(request);

            Assert.Equal(ErrorIds.InvalidApiPathPattern, error.ErrorId);
            Assert.Equal(pattern, error.Target);
        }

        [Fact]
        public void An_api_path_pattern_over_128_characters_is_refused()
        {
            var request = Page();
            request.ApiPathPatterns = new[] { "/" + new string('a', MaintenanceSettingsBuilder.MaxPathPatternLength) };

            Assert.Equal(ErrorIds.InvalidApiPathPattern, Refused(request).ErrorId);
        }

        [Theory]
        [InlineData(301)]
        [InlineData(302)]
        public void A_redirect_status_is_refused_for_a_fixed_response(int status)
        {
            var request = Page();
            request.StatusCode = status;

            var error = Refused(request);

            Assert.Equal(ErrorIds.InvalidStatusCode, error.ErrorId);
            Assert.Contains("Use 503", error.Message);
        }

        [Fact]
        public void A_bad_cidr_is_refused_naming_it()
        {
            var request = Page();
            request.AllowSourceIp = new[] { "203.0.113.300/32" };

            var error = Refused(request);

            Assert.Equal(ErrorIds.InvalidCidr, error.ErrorId);
            Assert.StartsWith("-AllowSourceIp: ", error.Message);
            Assert.Equal("203.0.113.300/32", error.Target);
        }

        [Fact]
        public void A_bad_header_name_is_refused_with_the_name_as_target()
        {
            var request = Page();
            request.AllowHeaders = new[] { new KeyValuePair<string, string>("X Bypass", "0123456789abcdef0123") };

            var error = Refused(request);

            Assert.Equal(ErrorIds.InvalidHeaderName, error.ErrorId);
            Assert.Equal("X Bypass", error.Target);
        }

        [Fact]
        public void A_short_secret_is_allowed_with_a_warning()
        {
            var request = Page();
            request.AllowHeaders = new[] { new KeyValuePair<string, string>("X-Bypass", "short") };
            var warnings = new List<string>();

            MaintenanceSettingsBuilder.Build(request, warnings);

            Assert.NotEmpty(warnings);
        }

        [Fact]
        public void An_empty_header_table_is_AllowHeaderEmpty()
        {
            var request = Page();
            request.AllowHeaders = Array.Empty<KeyValuePair<string, string>>();

            Assert.Equal(ErrorIds.AllowHeaderEmpty, Refused(request).ErrorId);
        }

        [Fact]
        public void A_bypass_for_every_address_is_BypassAllowsEveryone()
        {
            var request = Page();
            request.AllowSourceIp = new[] { "0.0.0.0/0" };

            Assert.Equal(ErrorIds.BypassAllowsEveryone, Refused(request).ErrorId);
        }

        [Fact]
        public void Allowed_paths_and_hosts_alb_would_refuse_are_refused()
        {
            var path = Page();
            path.AllowPaths = new[] { string.Empty };
            var host = Page();
            host.AllowHosts = new[] { "status example.com" };

            Assert.Equal(ErrorIds.InvalidAllowPath, Refused(path).ErrorId);
            Assert.Equal(ErrorIds.InvalidAllowHost, Refused(host).ErrorId);
        }
    }
}
