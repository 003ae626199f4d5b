using System.Net.Http;
using System.Text;

namespace MaintenanceMode.Tests.Transport
{
    /// <summary>A copy of what reached the wire, taken before the request is disposed.</summary>
    internal sealed class RecordedRequest
    {
        public HttpMethod Method { get; private init; } = HttpMethod.Get;
        public Uri? Uri { get; private init; }
        public string? ContentType { get; private init; }
        public byte[] Body { get; private init; } = Array.Empty<byte>();
        public Dictionary<string, string> Headers { get; private init; } = new(StringComparer.OrdinalIgnoreCase);

        public string BodyText => Encoding.UTF8.GetString(Body);

        public static async Task<RecordedRequest> FromAsync(HttpRequestMessage request)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.Headers) headers[header.Key] = string.Join(",", header.Value);
            return new RecordedRequest
            {
                Method = request.Method,
                Uri = request.RequestUri,
                ContentType = request.Content?.Headers.ContentType?.ToString(),
                Body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(),
                Headers = headers,
            };
        }
    }
}
