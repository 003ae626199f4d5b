using System;
using System.Collections.Generic;
using System.Globalization;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// "in 30 minutes", "in 2 hours 15 minutes", "in 1 day 3 hours", "5 minutes ago": how far a time is from now,
    /// in at most two units, rounded to the minute.
    /// </summary>
    public static class RelativeTime
    {
        public static string Describe(DateTimeOffset at, DateTimeOffset now)
        {
            var span = at - now;
            var past = span < TimeSpan.Zero;
            var minutes = (long)Math.Round(Math.Abs(span.TotalMinutes), MidpointRounding.AwayFromZero);
            if (minutes == 0)
            {
                return past ? "less than a minute ago" : "in less than a minute";
            }

            var days = minutes / (24 * 60);
            var hours = (minutes / 60) % 24;
            var rest = minutes % 60;
            var parts = new List<string>();
            if (days > 0)
            {
                parts.Add(Unit(days, "day"));
                if (hours > 0) parts.Add(Unit(hours, "hour"));
            }
            else if (hours > 0)
            {
                parts.Add(Unit(hours, "hour"));
                if (rest > 0) parts.Add(Unit(rest, "minute"));
            }
            else
            {
                parts.Add(Unit(rest, "minute"));
            }

            var amount = string.Join(" ", parts);
            return past ? amount + " ago" : "in " + amount;
        }

        private static string Unit(long count, string name) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + name + (count == 1 ? string.Empty : "s");
    }
}
