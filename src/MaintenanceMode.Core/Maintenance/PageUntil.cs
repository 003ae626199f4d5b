using System;
using System.Globalization;

namespace MaintenanceMode.Maintenance
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
        /// <paramref name="culture"/>, then in the invariant culture; a time without an offset is local time.
        /// Text that is no time ("tonight") stays text, and <c>{{UntilRelative}}</c> then shows it as written.
        /// </summary>
        public static PageUntil FromText(string text, CultureInfo culture)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var trimmed = text.Trim();
            foreach (var c in new[] { culture, CultureInfo.InvariantCulture })
            {
                if (DateTimeOffset.TryParse(trimmed, c, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeLocal, out var at))
                {
                    return new PageUntil(trimmed, at);
                }
            }

            return new PageUntil(trimmed, null);
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
