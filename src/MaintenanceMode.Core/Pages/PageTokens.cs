using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// The tokens a maintenance page may hold, written <c>{{Name}}</c> (case-insensitive, spaces inside the braces
    /// allowed), and their substitution. Values are encoded for the page's content type (<see cref="PageValueEncoder"/>).
    /// </summary>
    public static class PageTokens
    {
        /// <summary>-Reason, as given.</summary>
        public const string Reason = "Reason";

        /// <summary>-Until as the operator wrote it ("10:00 CET"), or a given time as "2025-06-01 10:00 UTC".</summary>
        public const string Until = "Until";

        /// <summary>-Until from the moment of rendering: "in 30 minutes". Fixed when the page is rendered.</summary>
        public const string UntilRelative = "UntilRelative";

        /// <summary>-Until as ISO 8601 with its offset ("2025-06-01T10:00:00+00:00"), for a script or a JSON page.</summary>
        public const string UntilIso = "UntilIso";

        public static readonly IReadOnlyList<string> All = new[] { Reason, Until, UntilRelative, UntilIso };

        private static readonly Regex Token = new Regex(@"\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}", RegexOptions.CultureInvariant);

        /// <summary>The known tokens <paramref name="text"/> holds, in the spelling of <see cref="All"/>.</summary>
        internal static IEnumerable<string> KnownIn(string text) =>
            Token.Matches(text).Cast<Match>()
                .Select(m => All.FirstOrDefault(t => string.Equals(t, m.Groups[1].Value, StringComparison.OrdinalIgnoreCase)))
                .Where(t => t != null)
                .Select(t => t!);

        /// <summary>The result of <see cref="Substitute"/>.</summary>
        public sealed class Substitution
        {
            internal Substitution(string text, IReadOnlyList<string> used, IReadOnlyList<string> warnings)
            {
                Text = text;
                Used = used;
                Warnings = warnings;
            }

            public string Text { get; }

            /// <summary>Names of the known tokens the page holds, in the spelling of <see cref="All"/>.</summary>
            public IReadOnlyList<string> Used { get; }

            public IReadOnlyList<string> Warnings { get; }
        }

        /// <summary>
        /// Replaces every known token. A known token without a value becomes empty text; an unknown one
        /// (<c>{{Reasn}}</c>) is left as written. Both are reported as warnings, since visitors would see them.
        /// </summary>
        public static Substitution Substitute(string template, string contentType, string? reason, PageUntil? until, DateTimeOffset now)
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                [Reason] = reason,
                [Until] = until?.Text,
                // Free text has no distance from now: shown as written.
                [UntilRelative] = until == null ? null : until.At.HasValue ? RelativeTime.Describe(until.At.Value, now) : until.Text,
                [UntilIso] = until?.At?.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            };

            var used = new List<string>();
            var warnings = new List<string>();
            var text = Token.Replace(template, match =>
            {
                var name = match.Groups[1].Value;
                var known = All.FirstOrDefault(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    AddOnce(warnings, $"The page holds {match.Value}, which is not a token ({string.Join(", ", All.Select(t => "{{" + t + "}}"))}); visitors would see it as written.");
                    return match.Value;
                }

                if (!used.Contains(known))
                {
                    used.Add(known);
                }

                var value = values[known];
                if (value == null)
                {
                    AddOnce(warnings, MissingValue(known, until));
                    return string.Empty;
                }

                return PageValueEncoder.Encode(value, contentType);
            });

            if (until != null && until.At == null && used.Contains(UntilRelative))
            {
                warnings.Add($"-Until '{until.Text}' does not read as a time, so {{{{UntilRelative}}}} shows it as written. Give a time such as 2025-06-01T10:00Z or 10:00 UTC.");
            }

            if (until?.At != null && until.At.Value < now && used.Any(u => u != Reason))
            {
                warnings.Add($"-Until {until.Text} is in the past ({RelativeTime.Describe(until.At.Value, now)}).");
            }

            return new Substitution(text, used, warnings);
        }

        private static string MissingValue(string token, PageUntil? until)
        {
            if (token == Reason)
            {
                return "The page uses {{Reason}} but no -Reason was given: it shows as empty text.";
            }

            return until == null
                ? $"The page uses {{{{{token}}}}} but no -Until was given: it shows as empty text."
                : $"The page uses {{{{{token}}}}} but -Until '{until.Text}' is not a time: it shows as empty text. Give a time such as 2025-06-01T10:00Z.";
        }

        private static void AddOnce(List<string> list, string message)
        {
            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }
    }
}
