using System;
using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;

namespace MaintenanceMode.Snapshots
{
    /// <summary>Tags as a snapshot compares them: by key, order ignored, the module's own keys left out.</summary>
    public static class SnapshotTags
    {
        public static SortedDictionary<string, string> Of(IEnumerable<Tag>? tags)
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags ?? Enumerable.Empty<Tag>())
            {
                if (tag.Key != null && !ModuleTags.IsModuleKey(tag.Key))
                {
                    result[tag.Key] = tag.Value ?? string.Empty;
                }
            }

            return result;
        }

        public static bool Same(IEnumerable<Tag>? a, IEnumerable<Tag>? b) => Of(a).SequenceEqual(Of(b));

        /// <summary>What AddTags and RemoveTags must do to turn <paramref name="now"/> into <paramref name="wanted"/>.</summary>
        public static (List<Tag> Add, List<string> Remove, List<Tag> Previous) Changes(IEnumerable<Tag>? now, IEnumerable<Tag>? wanted)
        {
            var current = Of(now);
            var target = Of(wanted);
            var add = target.Where(t => !current.TryGetValue(t.Key, out var v) || v != t.Value)
                .Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
            var remove = current.Keys.Where(k => !target.ContainsKey(k)).ToList();
            var previous = current.Where(t => remove.Contains(t.Key) || add.Any(a => a.Key == t.Key))
                .Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
            return (add, remove, previous);
        }

        /// <summary>"owner=terraform added, env removed": words for a difference or a plan step.</summary>
        public static string Describe(IEnumerable<Tag>? now, IEnumerable<Tag>? wanted)
        {
            var current = Of(now);
            var target = Of(wanted);
            var parts = new List<string>();
            parts.AddRange(current.Where(t => !target.ContainsKey(t.Key)).Select(t => $"{t.Key} added"));
            parts.AddRange(target.Where(t => !current.ContainsKey(t.Key)).Select(t => $"{t.Key} removed"));
            parts.AddRange(target.Where(t => current.TryGetValue(t.Key, out var v) && v != t.Value).Select(t => $"{t.Key} changed"));
            return string.Join(", ", parts);
        }
    }
}
