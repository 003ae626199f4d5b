using System;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// Endpoint overrides as the AWS SDKs read them: an explicit URL applies to every service; otherwise the
    /// service-specific variable, then AWS_ENDPOINT_URL; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the
    /// variables off. Null means "the AWS default endpoint".
    /// </summary>
    internal static class AwsSessionEndpoints
    {
        internal const string Elbv2Variable = "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2";
        internal const string S3Variable = "AWS_ENDPOINT_URL_S3";
        internal const string StsVariable = "AWS_ENDPOINT_URL_STS";
        internal const string GlobalVariable = "AWS_ENDPOINT_URL";
        internal const string IgnoreVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

        /// <param name="allowInsecure">
        /// Takes http:// for a host that is not loopback. Without it such an endpoint is refused: the signed
        /// requests, session tokens and bypass secrets would cross the network in clear text.
        /// </param>
        internal static Uri? ResolveOverride(Uri? explicitUrl, Func<string, string?> getVariable, string serviceVariable, bool allowInsecure = false)
        {
            if (explicitUrl != null)
            {
                return Validate(explicitUrl, "-EndpointUrl", allowInsecure);
            }
            if (string.Equals(getVariable(IgnoreVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            foreach (var variable in new[] { serviceVariable, GlobalVariable })
            {
                var value = getVariable(variable);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    if (!Uri.TryCreate(value!.Trim(), UriKind.Absolute, out var parsed))
                    {
                        throw Invalid(value, variable);
                    }
                    return Validate(parsed, variable, allowInsecure);
                }
            }
            return null;
        }

        /// <summary>The public ELBv2 endpoint of a region; the partition's DNS suffix covers China (amazonaws.com.cn) and the isolated partitions.</summary>
        internal static Uri DefaultElbv2(Amazon.RegionEndpoint region) => DefaultFor("elasticloadbalancing", region);

        /// <summary>The regional endpoint of a Query-protocol service (elasticloadbalancing, sts).</summary>
        internal static Uri DefaultFor(string service, Amazon.RegionEndpoint region)
        {
            var suffix = string.IsNullOrEmpty(region.PartitionDnsSuffix) ? "amazonaws.com" : region.PartitionDnsSuffix;
            return new Uri($"https://{service}.{region.SystemName}.{suffix}");
        }

        private static Uri Validate(Uri url, string source, bool allowInsecure)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw Invalid(url.OriginalString, source);
            }
            // Uri.IsLoopback: localhost, 127.0.0.0/8 and ::1, where clear text never leaves the machine.
            if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !allowInsecure)
            {
                throw new AwsSessionException(
                    ErrorIds.InsecureEndpoint,
                    $"The endpoint '{url.OriginalString}' from {source} is plain http:// to a host that is not this machine: signed requests, session tokens and bypass secrets would cross the network readable. Use https://, or pass -AllowInsecureEndpoint if the network path is trusted (a private emulator).",
                    url.OriginalString);
            }
            return url;
        }

        private static AwsSessionException Invalid(string value, string source) => new AwsSessionException(
            ErrorIds.InvalidEndpoint,
            $"The endpoint '{value}' from {source} is not an absolute http:// or https:// URL. Give a URL such as https://elasticloadbalancing.eu-west-1.amazonaws.com or http://127.0.0.1:5000.",
            value);
    }
}
