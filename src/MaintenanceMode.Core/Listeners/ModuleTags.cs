using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// The tags by which the module knows its own rules and finds its state. A rule without the role
    /// tag is a user's rule and is never modified or deleted.
    /// </summary>
    public static class ModuleTags
    {
        public const string Prefix = "maintenance-mode:";

        /// <summary>On the module's rules: <see cref="MaintenanceRole"/>, <see cref="BypassRole"/> or <see cref="ApiRole"/>.</summary>
        public const string Role = Prefix + "role";

        public const string MaintenanceRole = "maintenance";

        public const string BypassRole = "bypass";

        /// <summary>The JSON answer for API clients, just above the page.</summary>
        public const string ApiRole = "api";

        /// <summary>
        /// On the listener, from before its first change until Disable has put everything back: the S3
        /// location of the listener's snapshot and record. Disable needs nothing else to find them.
        /// </summary>
        public const string State = Prefix + "state";

        public static bool IsModuleKey(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

        public static string? Find(IEnumerable<Tag>? tags, string key) =>
            tags?.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal))?.Value;

        public static List<Tag> ForRule(string role) => new List<Tag> { new Tag { Key = Role, Value = role } };
    }
}
