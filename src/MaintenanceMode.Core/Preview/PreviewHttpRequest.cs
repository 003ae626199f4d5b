using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Preview
{
    /// <summary>
    /// The head of an HTTP/1.x request as the preview server reads it off the socket: request line and headers.
    /// Small on purpose: the preview answers curl and browsers on the loopback, not the internet.
    /// </summary>
    public sealed class PreviewHttpRequest
    {
        /// <summary>A request head larger than this is refused (431); browsers send a few KiB.</summary>
        public const int MaxHeadBytes = 32 * 1024;

        private PreviewHttpRequest(string method, string target, List<KeyValuePair<string, string>> headers)
        {
            Method = method;
            Target = target;
            Headers = headers;
        }

        public string Method { get; }

        /// <summary>The request target as sent: "/path?query", or an absolute URI.</summary>
        public string Target { get; }

        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

        public string? Header(string name) =>
            Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

        /// <summary>Reads a request head; null when the connection closed before one arrived.</summary>
        /// <exception cref="InvalidDataException">Not an HTTP/1.x request head, or larger than <see cref="MaxHeadBytes"/>.</exception>
        public static async Task<PreviewHttpRequest?> ReadAsync(Stream stream, CancellationToken ct)
        {
            var buffer = new byte[4096];
            var head = new MemoryStream();
            var end = -1;
            while (end < 0)
            {
                var read = await stream.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    if (head.Length == 0) return null;
                    throw new InvalidDataException("The connection closed in the middle of the request head.");
                }

                head.Write(buffer, 0, read);
                end = IndexOfBlankLine(head.GetBuffer(), (int)head.Length);
                if (end < 0 && head.Length > MaxHeadBytes)
                {
                    throw new InvalidDataException("The request head is larger than " + MaxHeadBytes + " bytes.");
                }
            }

            var bytes = head.GetBuffer();
            var text = Encoding.UTF8.GetString(bytes, 0, end);
            var request = Parse(text);

            // Whatever of the body already arrived is in the buffer; drain the rest, so closing the socket does
            // not reset the connection before the client has read the answer.
            var bodyReceived = (int)head.Length - (end + 4);
            var length = request.Header("Content-Length");
            if (length != null && long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var bodyLength))
            {
                var left = Math.Min(bodyLength, 1024 * 1024) - bodyReceived;
                while (left > 0)
                {
                    var read = await stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, left), ct).ConfigureAwait(false);
                    if (read == 0) break;
                    left -= read;
                }
            }

            return request;
        }

        /// <summary>Parses "METHOD target HTTP/1.1" and the header lines that follow.</summary>
        public static PreviewHttpRequest Parse(string head)
        {
            var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
            var parts = lines[0].Split(' ');
            if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new InvalidDataException("Not an HTTP/1.x request line.");
            }

            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    throw new InvalidDataException("A header line has no name.");
                }

                headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
            }

            return new PreviewHttpRequest(parts[0], parts[1], headers);
        }

        private static int IndexOfBlankLine(byte[] bytes, int length)
        {
            for (var i = 0; i + 3 < length; i++)
            {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
