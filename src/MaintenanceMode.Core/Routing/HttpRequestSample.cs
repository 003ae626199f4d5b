using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// The parts of an HTTP request an ALB listener rule can look at. Query and headers keep every
    /// occurrence in order, as a request can repeat them; header names compare case-insensitively.
    /// </summary>
    public sealed class HttpRequestSample
    {
        public HttpRequestSample(string host, string path, string method, IPAddress sourceIp)
        {
            Host = host;
            Path = path;
            Method = method;
            SourceIp = sourceIp;
        }

        /// <summary>The host name, without a port.</summary>
        public string Host { get; set; }

        /// <summary>The URL path, without the query string (path-pattern never sees the query).</summary>
        public string Path { get; set; }

        /// <summary>Decoded query parameters in order; a parameter without '=' has an empty value.</summary>
        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        public string Method { get; set; }

        /// <summary>Header lines in order; the same name may appear more than once.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>The immediate peer, which is what a source-ip condition sees.</summary>
        public IPAddress SourceIp { get; set; }

        public HttpRequestSample WithHeader(string name, string value)
        {
            Headers.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public HttpRequestSample WithQuery(string key, string value)
        {
            Query.Add(new KeyValuePair<string, string>(key, value));
            return this;
        }

        /// <summary>Every value of the header, in the order the request carries them.</summary>
        public IEnumerable<string> HeaderValues(string name) =>
            Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

        public HttpRequestSample Clone()
        {
            var copy = new HttpRequestSample(Host, Path, Method, SourceIp);
            copy.Query.AddRange(Query);
            copy.Headers.AddRange(Headers);
            return copy;
        }

        public override string ToString() =>
            $"{Method} {Host}{Path}{(Query.Count == 0 ? string.Empty : "?" + string.Join("&", Query.Select(q => q.Key + "=" + q.Value)))} from {SourceIp}"
            + (Headers.Count == 0 ? string.Empty : " [" + string.Join("; ", Headers.Select(h => h.Key + ": " + h.Value)) + "]");
    }
}
