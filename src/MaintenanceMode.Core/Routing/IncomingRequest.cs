using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// One request as it reaches a listener: what the rule conditions look at (<see cref="ToSample"/>) plus the
    /// scheme, port and raw query a redirect's #{protocol}, #{port} and #{query} repeat.
    /// </summary>
    public sealed class IncomingRequest
    {
        public IncomingRequest(string scheme, int port, string host, string path, string rawQuery, string method, IPAddress sourceIp)
        {
            Scheme = scheme.ToLowerInvariant();
            Port = port;
            Host = host;
            Path = path.Length == 0 ? "/" : path;
            RawQuery = rawQuery.StartsWith("?", StringComparison.Ordinal) ? rawQuery.Substring(1) : rawQuery;
            Method = method;
            SourceIp = sourceIp;
        }

        /// <summary>"http" or "https".</summary>
        public string Scheme { get; }

        public int Port { get; }

        /// <summary>The host name, without a port.</summary>
        public string Host { get; }

        /// <summary>The path as sent (still percent-encoded), starting with '/'.</summary>
        public string Path { get; }

        /// <summary>The query as sent, without '?'; empty when there is none.</summary>
        public string RawQuery { get; }

        public string Method { get; }

        public IPAddress SourceIp { get; }

        /// <summary>Header lines in order; values may be secrets (see <see cref="Describe"/>).</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>A request for an absolute http(s) URI.</summary>
        /// <exception cref="ArgumentException">The URI is relative or not http/https.</exception>
        public static IncomingRequest FromUri(Uri uri, string method, IPAddress sourceIp, IEnumerable<KeyValuePair<string, string>>? headers = null)
        {
            if (uri == null) throw new ArgumentNullException(nameof(uri));
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'{uri}' is not an absolute http:// or https:// URI.", nameof(uri));
            }

            var request = new IncomingRequest(uri.Scheme, uri.Port, uri.Host, uri.AbsolutePath, uri.Query, method, sourceIp);
            if (headers != null)
            {
                request.Headers.AddRange(headers);
            }

            return request;
        }

        /// <summary>What the rule conditions see: the query split into decoded pairs, the path without the query.</summary>
        public HttpRequestSample ToSample()
        {
            var sample = new HttpRequestSample(Host, Path, Method, SourceIp);
            foreach (var part in RawQuery.Split('&').Where(p => p.Length > 0))
            {
                var equals = part.IndexOf('=');
                var key = equals < 0 ? part : part.Substring(0, equals);
                var value = equals < 0 ? string.Empty : part.Substring(equals + 1);
                sample.WithQuery(Decode(key), Decode(value));
            }

            sample.Headers.AddRange(Headers);
            return sample;
        }

        /// <summary>The request for output and messages: header names only, since their values may be secrets.</summary>
        public string Describe()
        {
            var text = $"{Method} {Scheme}://{Host}:{Port}{Path}{(RawQuery.Length == 0 ? string.Empty : "?" + RawQuery)} from {SourceIp}";
            var names = Headers.Select(h => h.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return names.Count == 0 ? text : text + " with header " + string.Join(", ", names);
        }

        public override string ToString() => Describe();

        private static string Decode(string text)
        {
            try
            {
                return Uri.UnescapeDataString(text);
            }
            catch (UriFormatException)
            {
                return text;
            }
        }
    }
}
