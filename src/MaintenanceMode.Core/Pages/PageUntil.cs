using System;
using System.Globalization;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// When maintenance is expected to end, as the operator wrote it (for <c>{{Until}}</c>) and, when the text reads
    /// as a time, as a point in time (for <c>{{UntilRelative}}</c> and <c>{{UntilIso}}</c>).
    /// </summary>
    public sealed class PageUntil
    {
        private PageUntil(string text, DateTimeOffset? at)
        {
            Text = text;
            At = at;
        }

        /// <summary>What visitors read for <c>{{Until}}</c>.</summary>
        public string Text { get; }

        /// <summary>The time, or null when <see cref="Text"/> is free text such as "this evening".</summary>
        public DateTimeOffset? At { get; }

        /// <summary>A time given as a value: shown as "2025-06-01 10:00 UTC" (or "UTC+02:00" for another offset).</summary>
        public static PageUntil FromTime(DateTimeOffset at) => new PageUntil(Format(at), at);

        /// <summary>
        /// Text as the operator wrote it, kept verbatim for <c>{{Until}}</c>. It is read as a time in
        /// <paramref name="culture"/>, then in the invariant culture; a time without an offset is local time, one
        /// ending in " UTC" is UTC. A time of day without a date ("10:00") is its next occurrence after
        /// <paramref name="now"/>. Text that is no time ("tonight") stays text, and <c>{{UntilRelative}}</c> then
        /// shows it as written.
        /// </summary>
        public static PageUntil FromText(string text, CultureInfo culture, DateTimeOffset now)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var trimmed = text.Trim();

            // "10:00 UTC" is how operators write it; .NET reads "Z" and offsets but not the word.
            var zone = DateTimeStyles.AssumeLocal;
            var parsed = trimmed;
            if (trimmed.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase))
            {
                parsed = trimmed.Substring(0, trimmed.Length - 4);
                zone = DateTimeStyles.AssumeUniversal;
            }

            foreach (var c in new[] { culture, CultureInfo.InvariantCulture })
            {
                if (DateTimeOffset.TryParse(parsed, c, DateTimeStyles.AllowWhiteSpaces | zone, out var at))
                {
                    return new PageUntil(trimmed, IsTimeOfDayOnly(parsed, c) ? NextOccurrence(at, now) : at);
                }
            }

            return new PageUntil(trimmed, null);
        }

        // .NET fills a missing date with the machine's today; asked not to, it leaves year 1.
        private static bool IsTimeOfDayOnly(string text, CultureInfo culture) =>
            DateTime.TryParse(text, culture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault | DateTimeStyles.RoundtripKind, out var value)
            && value.Year == 1;

        private static DateTimeOffset NextOccurrence(DateTimeOffset timeOfDay, DateTimeOffset now)
        {
            var local = now.ToOffset(timeOfDay.Offset);
            var candidate = new DateTimeOffset(local.Date + timeOfDay.TimeOfDay, timeOfDay.Offset);
            return candidate < now ? candidate.AddDays(1) : candidate;
        }

        public static string Format(DateTimeOffset at)
        {
            var offset = at.Offset == TimeSpan.Zero
                ? "UTC"
                : "UTC" + (at.Offset < TimeSpan.Zero ? "-" : "+") + at.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            return at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + offset;
        }

        public override string ToString() => Text;
    }
}
