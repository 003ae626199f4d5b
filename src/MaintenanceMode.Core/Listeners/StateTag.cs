using System;
using System.Security.Cryptography;
using System.Text;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// The value of the listener's <see cref="ModuleTags.State"/> tag: where the snapshot is, and the SHA-256 of
    /// the snapshot as written, <c>s3://bucket/prefix/ sha256:HEX</c>. Anyone allowed elasticloadbalancing:AddTags
    /// can rewrite the tag; the module trusts a snapshot only when it is the one the tag names by digest, so a
    /// tag pointed at another copy, or a snapshot rewritten in place, is refused rather than restored.
    /// </summary>
    public static class StateTag
    {
        private const string DigestMarker = " sha256:";

        public static string Format(string location, string digest) => location + DigestMarker + digest;

        /// <summary>The location part of a tag value (the whole value for a tag without digest).</summary>
        public static string LocationOf(string value)
        {
            var at = value.IndexOf(DigestMarker, StringComparison.Ordinal);
            return at < 0 ? value : value.Substring(0, at);
        }

        /// <summary>The digest part of a tag value, or null when it carries none.</summary>
        public static string? DigestOf(string value)
        {
            var at = value.IndexOf(DigestMarker, StringComparison.Ordinal);
            return at < 0 ? null : value.Substring(at + DigestMarker.Length).Trim();
        }

        /// <summary>Lower-case hex SHA-256 of the snapshot's stored text (UTF-8).</summary>
        public static string Digest(string snapshotJson)
        {
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(new UTF8Encoding(false).GetBytes(snapshotJson));
                var hex = new StringBuilder(hash.Length * 2);
                foreach (var b in hash)
                {
                    hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }

                return hex.ToString();
            }
        }

        /// <summary>Refuses a snapshot that is not the one the tag names.</summary>
        /// <exception cref="MaintenanceModeException"><c>SnapshotDigestMismatch</c>.</exception>
        public static void Verify(string tagValue, string snapshotJson, string snapshotUri, string listenerArn)
        {
            var expected = DigestOf(tagValue);
            var actual = Digest(snapshotJson);
            if (string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var why = expected == null
                ? $"the tag {ModuleTags.State} of {listenerArn} names no digest of it (set by hand, or by an earlier version)"
                : $"its SHA-256 is {actual}, but the tag {ModuleTags.State} of {listenerArn} names {expected}";
            throw new MaintenanceModeException(ErrorIds.SnapshotDigestMismatch,
                $"The snapshot {snapshotUri} is not the one this listener was put into maintenance with: {why}. The tag or the snapshot was changed by someone else, so it is not trusted and nothing was changed. "
                + $"Compare it with the listener (Compare-ListenerSnapshot); if it is right, set the tag to '{Format(LocationOf(tagValue), actual)}' and rerun, otherwise restore the rules by hand and remove the tag.");
        }
    }
}
