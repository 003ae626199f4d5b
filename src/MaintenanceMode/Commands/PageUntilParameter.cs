using System;
using System.Globalization;
using System.Management.Automation;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Commands
{
    /// <summary>-Until as Test-MaintenancePage and Enable-Maintenance take it: a date/time, or text as the operator wrote it.</summary>
    internal static class PageUntilParameter
    {
        public static PageUntil? From(object? value)
        {
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case null:
                    return null;
                case DateTimeOffset at:
                    return PageUntil.FromTime(at);
                case DateTime at:
                    // Unspecified (Get-Date, [datetime]'10:00') means local time, as PowerShell shows it.
                    return PageUntil.FromTime(at.Kind == DateTimeKind.Utc ? new DateTimeOffset(at) : new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Local)));
                case var other:
                    return PageUntil.FromText(other.ToString() ?? string.Empty, CultureInfo.CurrentCulture, DateTimeOffset.Now);
            }
        }
    }
}
