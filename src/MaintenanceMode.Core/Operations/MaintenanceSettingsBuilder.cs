using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Errors;
using MaintenanceMode.Routing;
using MaintenanceMode.Rules;
using MaintenanceMode.Rules.Bypass;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// Checks Enable-Maintenance's parameters against ALB's limits and builds the settings, so that bad input
    /// stops the command before anything is read or changed. Each refusal is a <see cref="MaintenanceModeException"/>
    /// with the id of the catalogue and the value it is about as its target.
    /// </summary>
    public static class MaintenanceSettingsBuilder
    {
        /// <summary>ALB's limit on a path-pattern value.</summary>
        public const int MaxPathPatternLength = 128;

        /// <param name="request">The parameters as given.</param>
        /// <param name="warnings">Receives what is allowed but weak (a short bypass secret).</param>
        public static MaintenanceSettings Build(MaintenanceRequest request, ICollection<string> warnings)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));

            if (new object?[] { request.PageUri, request.PagePath, request.RedirectUrl }.Count(p => p != null) != 1)
            {
                throw Refused(ErrorIds.PageRequired, "Give the page with exactly one of -PageUri s3://bucket/key, -PagePath FILE or -RedirectUrl https://status.example.com/.", null);
            }

            var redirect = request.RedirectUrl;
            if (redirect != null && (!redirect.IsAbsoluteUri || (redirect.Scheme != Uri.UriSchemeHttp && redirect.Scheme != Uri.UriSchemeHttps)))
            {
                throw Refused(ErrorIds.InvalidRedirectUrl, $"-RedirectUrl '{redirect}' must be an absolute http:// or https:// URL.", redirect.ToString());
            }

            foreach (var pattern in request.ApiPathPatterns)
            {
                if (pattern.Length > MaxPathPatternLength || pattern.Any(c => c <= ' ' || c >= 127))
                {
                    throw Refused(ErrorIds.InvalidApiPathPattern, $"-ApiPathPattern '{pattern}' is not a path pattern ALB can match (1 to {MaxPathPatternLength} visible ASCII characters, with * and ?).", pattern);
                }
            }

            if (request.StatusCode / 100 == 3)
            {
                throw Refused(ErrorIds.InvalidStatusCode, $"-StatusCode {request.StatusCode} is a redirect; ALB's fixed responses take 2xx, 4xx or 5xx. Use 503 for maintenance.", request.StatusCode.ToString());
            }

            var cidrs = new List<CidrBlock>();
            foreach (var text in request.AllowSourceIp)
            {
                if (!CidrBlock.TryParse(text, out var block, out var problem))
                {
                    throw Refused(ErrorIds.InvalidCidr, "-AllowSourceIp: " + problem, text);
                }

                cidrs.Add(block!);
            }

            var headers = new List<HeaderMatch>();
            foreach (var header in request.AllowHeaders ?? Array.Empty<KeyValuePair<string, string>>())
            {
                try
                {
                    headers.Add(BypassHeaderCheck.Check(header.Key, header.Value, warnings));
                }
                catch (MaintenanceModeException refused)
                {
                    refused.Target ??= header.Key;
                    throw;
                }
            }

            var headerTableEmpty = request.AllowHeaders != null && request.AllowHeaders.Count == 0;
            if (BypassScope.Refusal(cidrs, headerTableEmpty) is { } refusal)
            {
                throw Refused(refusal.ErrorId, refusal.Message, headerTableEmpty ? "-AllowHeader" : string.Join(", ", request.AllowSourceIp));
            }

            foreach (var path in request.AllowPaths)
            {
                if (AllowedPatterns.PathProblem(path) is { } problem)
                {
                    throw Refused(ErrorIds.InvalidAllowPath, problem, path);
                }
            }

            foreach (var host in request.AllowHosts)
            {
                if (AllowedPatterns.HostProblem(host) is { } problem)
                {
                    throw Refused(ErrorIds.InvalidAllowHost, problem, host);
                }
            }

            return new MaintenanceSettings
            {
                StatusCode = request.StatusCode,
                Reason = request.Reason,
                IgnoreLoadBalancerController = request.IgnoreLoadBalancerController,
                RedirectUrl = redirect,
                ApiPathPatterns = request.ApiPathPatterns,
                AllowSourceIp = cidrs,
                AllowHeaders = headers,
                AllowPaths = request.AllowPaths.Distinct(StringComparer.Ordinal).ToList(),
                AllowHosts = request.AllowHosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            };
        }

        private static MaintenanceModeException Refused(string errorId, string message, string? target) =>
            new MaintenanceModeException(errorId, message) { Target = target };
    }
}
