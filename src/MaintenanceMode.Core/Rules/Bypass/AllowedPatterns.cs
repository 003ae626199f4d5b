using System.Linq;

namespace MaintenanceMode.Rules.Bypass
{
    /// <summary>
    /// Checks -AllowPath and -AllowHost values against what ALB accepts in a path-pattern or host-header
    /// condition, so a bad value stops the command before anything is written rather than failing a
    /// CreateRule halfway through staging.
    /// </summary>
    public static class AllowedPatterns
    {
        public const int MaxLength = 128;

        /// <summary>Characters ALB takes in a path pattern besides letters and digits ('&amp;' included; '*' and '?' are wildcards).</summary>
        private const string PathPunctuation = "_-.$/~\"'@:+&*?";

        /// <summary>Why <paramref name="pattern"/> is not a path pattern ALB takes; null when it is.</summary>
        public static string? PathProblem(string? pattern)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                return "-AllowPath: a path pattern cannot be empty. Use '/*' to allow every path.";
            }

            if (pattern!.Length > MaxLength)
            {
                return $"-AllowPath '{Shorten(pattern)}' has {pattern.Length} characters; ALB takes at most {MaxLength}.";
            }

            var bad = pattern.FirstOrDefault(c => !IsAsciiLetterOrDigit(c) && PathPunctuation.IndexOf(c) < 0);
            if (bad != default(char))
            {
                return $"-AllowPath '{pattern}' has the character {Describe(bad)}, which ALB does not take in a path pattern (letters, digits and _ - . $ / ~ \" ' @ : + & with the wildcards * and ?).";
            }

            if (pattern[0] != '/' && pattern[0] != '*' && pattern[0] != '?')
            {
                return $"-AllowPath '{pattern}' would match no request: a path starts with '/'. Write '/{pattern}' or '*{pattern}'.";
            }

            return WildcardProblem("-AllowPath", pattern);
        }

        /// <summary>Why <paramref name="pattern"/> is not a host pattern ALB takes; null when it is.</summary>
        public static string? HostProblem(string? pattern)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                return "-AllowHost: a host pattern cannot be empty.";
            }

            if (pattern!.Length > MaxLength)
            {
                return $"-AllowHost '{Shorten(pattern)}' has {pattern.Length} characters; ALB takes at most {MaxLength}.";
            }

            var bad = pattern.FirstOrDefault(c => !IsAsciiLetterOrDigit(c) && c != '-' && c != '.' && c != '*' && c != '?');
            if (bad != default(char))
            {
                return $"-AllowHost '{pattern}' has the character {Describe(bad)}: a host pattern takes letters, digits, '-' and '.', with the wildcards * and ? (no scheme, port or path).";
            }

            // ALB's rule for host conditions: at least one '.', and only letters after the last one.
            var lastDot = pattern.LastIndexOf('.');
            if (lastDot < 0 || lastDot == pattern.Length - 1 || pattern.Skip(lastDot + 1).Any(c => !(IsAsciiLetter(c) || c == '*' || c == '?')))
            {
                return $"-AllowHost '{pattern}' is not a host name: ALB wants at least one '.' and only letters after the last one (as in 'status.example.com' or '*.example.com').";
            }

            return WildcardProblem("-AllowHost", pattern);
        }

        /// <summary>A rule takes at most 5 wildcards, so a pattern with more could never be part of a bypass copy.</summary>
        private static string? WildcardProblem(string parameter, string pattern)
        {
            var wildcards = pattern.Count(c => c == '*' || c == '?');
            return wildcards > RuleLimits.MaxWildcardsPerRule
                ? $"{parameter} '{pattern}' has {wildcards} wildcards; an ALB rule takes at most {RuleLimits.MaxWildcardsPerRule}, so no rule could carry it."
                : null;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9');

        private static string Describe(char c) => c > ' ' && c < 127 ? $"'{c}'" : $"U+{(int)c:X4}";

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }
}
