using System;
using System.Globalization;

namespace MaintenanceMode.Rules
{
    /// <summary>ALB rule priorities: 1 to 50000 for rules; the default rule has none ("default").</summary>
    public static class RulePriority
    {
        public const int Min = 1;

        public const int Max = 50000;

        /// <summary>The default rule sorts after every numbered rule.</summary>
        public const int Default = int.MaxValue;

        public static int Parse(string? priority)
        {
            if (string.Equals(priority, "default", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(priority))
            {
                return Default;
            }

            return int.Parse(priority, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        public static string Format(int priority) => priority.ToString(CultureInfo.InvariantCulture);
    }
}
