using System;

namespace MaintenanceMode.Targets.Completion
{
    /// <summary>
    /// The account and region a completion lists from, as the command line names them so far
    /// (-Region, -ProfileName, -EndpointUrl); what is not named comes from the environment, as it would
    /// for the command itself.
    /// </summary>
    public sealed class CompletionScope
    {
        public CompletionScope(string? region, string? profileName, Uri? endpointUrl)
        {
            Region = Blank(region);
            ProfileName = Blank(profileName);
            EndpointUrl = endpointUrl;
        }

        public string? Region { get; }

        public string? ProfileName { get; }

        public Uri? EndpointUrl { get; }

        /// <summary>
        /// The cache key. Unnamed parts take the environment's value, so that changing AWS_REGION or
        /// AWS_PROFILE between two presses of Tab does not answer from the other account's cache.
        /// </summary>
        internal string Key(Func<string, string?> environment) => string.Join("|",
            Region ?? environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? string.Empty,
            ProfileName ?? environment("AWS_PROFILE") ?? string.Empty,
            EndpointUrl?.AbsoluteUri ?? environment("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2") ?? environment("AWS_ENDPOINT_URL") ?? string.Empty);

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
