using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;

namespace MaintenanceMode.Errors
{
    /// <summary>
    /// Hides the values that must never be printed (bypass header values, OIDC client secrets) in any text a
    /// user or a log could see. A secret can come back in other spellings than its own: URL-encoded in an
    /// echoed request body, XML- or JSON-escaped in a response, or cut off at the end of a bounded excerpt
    /// ("abc..."). Each of those forms is masked too.
    /// </summary>
    public sealed class SecretMask
    {
        public const string Mask = "********";

        // A cut-off secret shorter than this says too little to be worth masking (and would mask ordinary words).
        private const int ShortestCutOff = 4;

        private readonly List<string> _forms = new List<string>();
        private readonly object _gate = new object();

        public void Add(string? secret)
        {
            if (string.IsNullOrEmpty(secret))
            {
                return;
            }

            lock (_gate)
            {
                foreach (var form in FormsOf(secret!).Where(f => f.Length > 0 && !_forms.Contains(f)))
                {
                    _forms.Add(form);
                }

                // Longest first: a form that contains another is replaced whole.
                _forms.Sort((a, b) => b.Length.CompareTo(a.Length));
            }
        }

        public bool IsEmpty
        {
            get
            {
                lock (_gate)
                {
                    return _forms.Count == 0;
                }
            }
        }

        public string Apply(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            string[] forms;
            lock (_gate)
            {
                forms = _forms.ToArray();
            }

            var result = text!;
            foreach (var form in forms)
            {
                result = result.Replace(form, Mask);
            }

            foreach (var form in forms)
            {
                result = MaskCutOff(result, form);
            }

            return result;
        }

        /// <summary>The spellings in which <paramref name="secret"/> can appear in a message, a body or a URL.</summary>
        internal static IEnumerable<string> FormsOf(string secret)
        {
            yield return secret;
            var escaped = Uri.EscapeDataString(secret);
            yield return escaped;
            yield return LowerHex(escaped);
            var form = WebUtility.UrlEncode(secret);
            yield return form;
            yield return LowerHex(form);
            yield return WebUtility.HtmlEncode(secret);
            yield return secret.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;").Replace("\"", "&quot;");
            yield return JsonEscaped(secret);
        }

        // An excerpt ends with "..." where it was cut: the start of a secret just before it is masked.
        private static string MaskCutOff(string text, string form)
        {
            for (var length = form.Length - 1; length >= ShortestCutOff; length--)
            {
                var cut = form.Substring(0, length) + "...";
                if (text.IndexOf(cut, StringComparison.Ordinal) >= 0)
                {
                    text = text.Replace(cut, Mask + "...");
                }
            }

            return text;
        }

        private static string LowerHex(string encoded)
        {
            var builder = new StringBuilder(encoded);
            for (var i = 0; i + 2 < builder.Length; i++)
            {
                if (builder[i] == '%')
                {
                    builder[i + 1] = char.ToLowerInvariant(builder[i + 1]);
                    builder[i + 2] = char.ToLowerInvariant(builder[i + 2]);
                }
            }

            return builder.ToString();
        }

        private static string JsonEscaped(string secret)
        {
            var encoded = System.Text.Json.JsonSerializer.Serialize(secret);
            return encoded.Substring(1, encoded.Length - 2);
        }
    }
}
