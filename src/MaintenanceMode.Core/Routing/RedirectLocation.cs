using System;
using System.Globalization;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// The Location an ALB redirect action sends: each part of the config, with #{protocol}, #{host}, #{port},
    /// #{path} and #{query} taken from the request; a part left out keeps the request's own. #{path} is the path
    /// without its leading '/', which is why the default path is "/#{path}". The port is always written, as ALB does.
    /// </summary>
    public static class RedirectLocation
    {
        public static string Build(RedirectActionConfig config, IncomingRequest request)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            if (request == null) throw new ArgumentNullException(nameof(request));

            var protocol = Fill(config.Protocol ?? "#{protocol}", request).ToLowerInvariant();
            var host = Fill(config.Host ?? "#{host}", request);
            var port = Fill(config.Port ?? "#{port}", request);
            var path = Fill(config.Path ?? "/#{path}", request);
            var query = Fill(config.Query ?? "#{query}", request);
            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                path = "/" + path;
            }

            return $"{protocol}://{host}:{port}{path}{(query.Length == 0 ? string.Empty : "?" + query)}";
        }

        /// <summary>"HTTP_301" → 301, "HTTP_302" → 302; anything else is 302, ALB's temporary redirect.</summary>
        public static int StatusOf(RedirectActionConfig config) => config.StatusCode == "HTTP_301" ? 301 : 302;

        private static string Fill(string template, IncomingRequest request) =>
            template
                .Replace("#{protocol}", request.Scheme)
                .Replace("#{host}", request.Host)
                .Replace("#{port}", request.Port.ToString(CultureInfo.InvariantCulture))
                .Replace("#{path}", request.Path.TrimStart('/'))
                .Replace("#{query}", request.RawQuery);
    }
}
