using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Rules.Bypass
{
    /// <summary>
    /// What ALB accepts as an http-header condition, checked before anything is read or written: AWS would
    /// otherwise refuse the first bypass CreateRule mid-plan. The value is a secret, so no message quotes it.
    /// </summary>
    public static class BypassHeaderCheck
    {
        /// <summary>ALB's limit on HttpHeaderName.</summary>
        public const int MaxNameLength = 40;

        /// <summary>ALB's limit on each value of an http-header condition.</summary>
        public const int MaxValueLength = 128;

        /// <summary>Below this a value is guessable enough to deserve a warning (ALB also ignores its case).</summary>
        public const int ShortValueLength = 16;

        // RFC 7230 section 3.2.6 tchar, less '*': ALB does not take wildcards in header names.
        private const string NameSymbols = "!#$%&'+-.^_`|~";

        /// <summary>
        /// The header as a <see cref="HeaderMatch"/>, or a <see cref="MaintenanceModeException"/> saying what ALB
        /// would refuse. Weaknesses that ALB accepts (a short value) are added to <paramref name="warnings"/>.
        /// </summary>
        public static HeaderMatch Check(string name, string value, ICollection<string> warnings)
        {
            var nameProblem = NameProblem(name);
            if (nameProblem != null)
            {
                throw new MaintenanceModeException(ErrorIds.InvalidHeaderName,
                    $"-AllowHeader: '{name}' is not a header name ALB can match: {nameProblem}. Use a name such as X-Maintenance-Bypass (letters, digits and !#$%&'+-.^_`|~, at most {MaxNameLength}).");
            }

            if (value.Length == 0 || value.Length > MaxValueLength)
            {
                throw new MaintenanceModeException(ErrorIds.InvalidHeaderValue,
                    $"-AllowHeader: the value for '{name}' has {value.Length} characters; ALB takes 1 to {MaxValueLength}.");
            }

            if (value.Any(c => c < ' ' || c == '\u007f'))
            {
                throw new MaintenanceModeException(ErrorIds.InvalidHeaderValue,
                    $"-AllowHeader: the value for '{name}' holds a control character (a line break?), which no client can send in a header. Give the secret on one line.");
            }

            if (value.IndexOf('*') >= 0 || value.IndexOf('?') >= 0)
            {
                throw new MaintenanceModeException(ErrorIds.WildcardInHeaderValue,
                    $"-AllowHeader: the value for '{name}' holds '*' or '?', which ALB matches as wildcards with no escape: the bypass would let in values other than the secret. Choose a value without them.");
            }

            if (value.Length < ShortValueLength)
            {
                warnings.Add($"-AllowHeader: the value for '{name}' has fewer than {ShortValueLength} characters, and ALB compares it ignoring case: anyone who guesses it skips the page. Use a long random value, e.g. [guid]::NewGuid().ToString('N').");
            }

            return new HeaderMatch(name, value);
        }

        /// <summary>Why ALB would refuse <paramref name="name"/> as an http-header condition's name, or null.</summary>
        public static string? NameProblem(string name)
        {
            if (name.Length == 0)
            {
                return "it is empty";
            }

            if (name.Length > MaxNameLength)
            {
                return $"it has {name.Length} characters, ALB takes at most {MaxNameLength}";
            }

            var bad = name.FirstOrDefault(c => !IsTokenCharacter(c));
            if (bad != default(char))
            {
                return bad == '*' ? "ALB does not take wildcards in header names"
                    : $"'{Printable(bad)}' is not a character of a header name (RFC 7230 token)";
            }

            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                return "ALB matches the Host header only through host-header conditions, never http-header";
            }

            return null;
        }

        private static bool IsTokenCharacter(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || NameSymbols.IndexOf(c) >= 0;

        private static string Printable(char c) => c < ' ' || c >= '\u007f' ? $"U+{(int)c:X4}" : c.ToString();
    }
}
