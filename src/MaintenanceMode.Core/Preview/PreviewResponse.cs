using System.Collections.Generic;

namespace MaintenanceMode.Preview
{
    /// <summary>What the preview server answers to one request.</summary>
    public sealed class PreviewResponse
    {
        public PreviewResponse(int statusCode, string contentType, string body)
        {
            StatusCode = statusCode;
            ContentType = contentType;
            Body = body;
        }

        public int StatusCode { get; }

        /// <summary>The Content-Type header, charset included.</summary>
        public string ContentType { get; }

        public string Body { get; }

        /// <summary>Further headers (Location, the X-Preview-* headers), in order.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        public PreviewResponse WithHeader(string name, string value)
        {
            Headers.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }
    }
}
