using System;
using System.Collections.Generic;
using System.Text;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Builds the form body of a Query request. Percent-encodes as RFC 3986 and SigV4 do: only
    /// A-Z a-z 0-9 - _ . ~ stay literal; everything else is UTF-8 bytes as %XX (uppercase), so a space
    /// is %20, never '+'. (FormUrlEncodedContent writes spaces as '+', which is HTML form encoding.)
    /// </summary>
    public static class QueryFormEncoder
    {
        // Strict: an unpaired surrogate is a caller bug, better loud than a silent U+FFFD.
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private const string Hex = "0123456789ABCDEF";

        /// <summary><c>Action=..&amp;Version=..</c> followed by the parameters in the order given.</summary>
        public static string Encode(string action, string version, IEnumerable<KeyValuePair<string, string>> parameters)
        {
            if (string.IsNullOrEmpty(action)) throw new ArgumentException("An action is required.", nameof(action));
            if (string.IsNullOrEmpty(version)) throw new ArgumentException("An API version is required.", nameof(version));
            var body = new StringBuilder();
            Append(body, "Action", action);
            Append(body, "Version", version);
            foreach (KeyValuePair<string, string> parameter in parameters ?? throw new ArgumentNullException(nameof(parameters)))
            {
                if (string.IsNullOrEmpty(parameter.Key)) throw new ArgumentException("A parameter has an empty name.", nameof(parameters));
                Append(body, parameter.Key, parameter.Value ?? "");
            }
            return body.ToString();
        }

        /// <summary>RFC 3986 percent-encoding of one name or value.</summary>
        public static string PercentEncode(string value)
        {
            var encoded = new StringBuilder(value.Length);
            foreach (byte b in Utf8.GetBytes(value))
            {
                char c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                    encoded.Append(c);
                else
                    encoded.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
            return encoded.ToString();
        }

        private static void Append(StringBuilder body, string name, string value)
        {
            if (body.Length > 0) body.Append('&');
            body.Append(PercentEncode(name)).Append('=').Append(PercentEncode(value));
        }
    }
}
