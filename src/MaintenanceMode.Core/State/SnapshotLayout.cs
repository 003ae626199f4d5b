using System;
using System.Security.Cryptography;
using System.Text;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State
{
    /// <summary>
    /// Where the store keeps things below its folder <c>s3://bucket/prefix/</c>:
    /// <code>
    /// prefix/listeners/{readable}-{hash}.json   the snapshot of one listener
    /// prefix/locks/{readable}-{hash}.json       the lock of one scope (a load balancer or listener)
    /// </code>
    /// {readable} is the ARN's resource path without its type, '/' turned into '-', cut to 100 characters
    /// (for example <c>app-my-lb-50dc6c495c0c9188-f2f7dc8efc522ab2</c>), so a person browsing the bucket sees
    /// what is what. {hash} is the first 16 hex digits of the SHA-256 of the whole ARN, so the key is unique
    /// across partitions, regions and accounts even where the readable part is not. The same ARN always gives
    /// the same key; the layout must never change without a migration.
    /// </summary>
    public sealed class SnapshotLayout
    {
        public const string ListenersFolder = "listeners/";
        public const string LocksFolder = "locks/";
        private const int MaxReadableLength = 100;

        public SnapshotLayout(S3Uri location)
        {
            if (location == null) throw new ArgumentNullException(nameof(location));
            if (!location.IsPrefix) throw new ArgumentException($"{location} is an object; the store needs a folder such as s3://bucket/prefix/.", nameof(location));
            Location = location;
        }

        /// <summary>The store's folder.</summary>
        public S3Uri Location { get; }

        /// <summary>The key of the snapshot of a listener.</summary>
        public string SnapshotKey(string listenerArn) => Location.Key + ListenersFolder + Name(listenerArn) + ".json";

        /// <summary>The key of the lock of a scope (the ARN of what an operation changes).</summary>
        public string LockKey(string scopeArn) => Location.Key + LocksFolder + Name(scopeArn) + ".json";

        /// <summary>
        /// The store's folder that <paramref name="snapshot"/> lies in when it is where this layout keeps the snapshot
        /// of <paramref name="listenerArn"/> (prefix/listeners/NAME.json); null for an object anywhere else.
        /// </summary>
        public static S3Uri? StateLocationOf(S3Uri snapshot, string listenerArn)
        {
            if (snapshot == null || snapshot.IsPrefix) return null;
            var tail = ListenersFolder + Name(listenerArn) + ".json";
            return snapshot.Key.EndsWith(tail, StringComparison.Ordinal) && (snapshot.Key.Length == tail.Length || snapshot.Key[snapshot.Key.Length - tail.Length - 1] == '/')
                ? snapshot.WithKey(snapshot.Key.Substring(0, snapshot.Key.Length - tail.Length))
                : null;
        }

        /// <summary>True when a key lies below the store's folder.</summary>
        public bool Contains(string key) => key != null && key.Length > Location.Key.Length && key.StartsWith(Location.Key, StringComparison.Ordinal);

        internal static string Name(string arn)
        {
            if (string.IsNullOrWhiteSpace(arn)) throw new ArgumentException("An ARN is required.", nameof(arn));
            return Readable(arn) + "-" + Hash(arn);
        }

        private static string Readable(string arn)
        {
            // arn:partition:service:region:account:resource; the resource is "type/name/..." for ELBv2.
            string[] parts = arn.Split(new[] { ':' }, 6);
            string resource = parts.Length == 6 ? parts[5] : arn;
            int slash = resource.IndexOf('/');
            if (slash >= 0 && slash < resource.Length - 1)
            {
                resource = resource.Substring(slash + 1);
            }

            var readable = new StringBuilder(Math.Min(resource.Length, MaxReadableLength));
            foreach (char c in resource)
            {
                if (readable.Length == MaxReadableLength) break;
                bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                readable.Append(safe ? c : '-');
            }

            return readable.ToString().Trim('-', '.');
        }

        private static string Hash(string arn)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes(arn));
                var hex = new StringBuilder(16);
                for (int i = 0; i < 8; i++)
                {
                    hex.Append(digest[i].ToString("x2"));
                }

                return hex.ToString();
            }
        }
    }
}
