using System;
using System.Text;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>
    /// An S3 location written as <c>s3://bucket/key</c> (an object) or <c>s3://bucket/prefix/</c> (a folder;
    /// <c>s3://bucket/</c> is the bucket root). Immutable; <see cref="ToString"/> gives back the canonical form.
    /// </summary>
    public sealed class S3Uri : IEquatable<S3Uri>
    {
        private const string Scheme = "s3://";
        private const int MaxKeyBytes = 1024; // S3's limit on a key, in UTF-8 bytes

        private S3Uri(string bucket, string key)
        {
            Bucket = bucket;
            Key = key;
        }

        public string Bucket { get; }

        /// <summary>The object key or the prefix; empty for the bucket root, never starting with '/'.</summary>
        public string Key { get; }

        /// <summary>True when this names a folder (empty key, or a key ending in '/').</summary>
        public bool IsPrefix => Key.Length == 0 || Key.EndsWith("/", StringComparison.Ordinal);

        /// <summary>Parses either form. Leading and trailing white space is ignored; the scheme is case-insensitive.</summary>
        /// <exception cref="InvalidS3UriException">The text is not an S3 location.</exception>
        public static S3Uri Parse(string? value)
        {
            if (value == null || value.Trim().Length == 0)
            {
                throw new InvalidS3UriException(value, "it is empty");
            }

            string text = value.Trim();
            if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                string reason = text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                    ? "it is an HTTP URL, not an s3:// location"
                    : "it does not start with s3://";
                throw new InvalidS3UriException(value, reason);
            }

            string rest = text.Substring(Scheme.Length);
            int slash = rest.IndexOf('/');
            string bucket = slash < 0 ? rest : rest.Substring(0, slash);
            string key = slash < 0 ? string.Empty : rest.Substring(slash + 1);

            string? bucketProblem = BucketNameProblem(bucket);
            if (bucketProblem != null)
            {
                throw new InvalidS3UriException(value, bucketProblem);
            }

            if (key.StartsWith("/", StringComparison.Ordinal))
            {
                throw new InvalidS3UriException(value, "the key starts with '/' (two slashes after the bucket name)");
            }

            foreach (char c in key)
            {
                if (char.IsControl(c))
                {
                    throw new InvalidS3UriException(value, "the key contains a control character");
                }
            }

            if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
            {
                throw new InvalidS3UriException(value, $"the key is longer than S3's limit of {MaxKeyBytes} UTF-8 bytes");
            }

            return new S3Uri(bucket, key);
        }

        /// <summary>Parses a location that must name one object (not a folder).</summary>
        public static S3Uri ParseObject(string? value)
        {
            S3Uri uri = Parse(value);
            if (uri.IsPrefix)
            {
                throw new InvalidS3UriException(value, "it names a folder, but an object is needed (it must not end with '/')");
            }

            return uri;
        }

        /// <summary>
        /// Parses a location that names a folder. A missing trailing '/' is added (<c>s3://b/snapshots</c> means
        /// the folder <c>snapshots/</c>), because a store never writes an object at the prefix itself.
        /// </summary>
        public static S3Uri ParsePrefix(string? value)
        {
            S3Uri uri = Parse(value);
            return uri.IsPrefix ? uri : new S3Uri(uri.Bucket, uri.Key + "/");
        }

        /// <summary>True for a text that starts with the s3:// scheme (whether or not it is valid).</summary>
        public static bool LooksLikeS3Uri(string? value)
        {
            return value != null && value.TrimStart().StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The location of an object below this folder.</summary>
        public S3Uri Append(string relativeKey)
        {
            if (!IsPrefix)
            {
                throw new InvalidOperationException($"{this} is an object, not a folder; nothing can be appended to it.");
            }

            return Parse(Scheme + Bucket + "/" + Key + relativeKey);
        }

        /// <summary>Another location in the same bucket.</summary>
        public S3Uri WithKey(string key) => Parse(Scheme + Bucket + "/" + key);

        public override string ToString() => Scheme + Bucket + "/" + Key;

        public bool Equals(S3Uri? other) => other != null && other.Bucket == Bucket && other.Key == Key;

        public override bool Equals(object? obj) => Equals(obj as S3Uri);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

        // The rules for general purpose buckets created today. Legacy names with capitals or '_' are
        // refused: they cannot be addressed virtual-host style, and a clear error beats a late 400.
        private static string? BucketNameProblem(string bucket)
        {
            if (bucket.Length == 0)
            {
                return "the bucket name is missing";
            }

            if (bucket.Length < 3 || bucket.Length > 63)
            {
                return $"the bucket name '{bucket}' must be 3 to 63 characters long";
            }

            foreach (char c in bucket)
            {
                bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
                if (!allowed)
                {
                    return $"the bucket name '{bucket}' may hold only lowercase letters, digits, '.' and '-'";
                }
            }

            if (!char.IsLetterOrDigit(bucket[0]) || !char.IsLetterOrDigit(bucket[bucket.Length - 1]))
            {
                return $"the bucket name '{bucket}' must start and end with a letter or a digit";
            }

            if (bucket.Contains(".."))
            {
                return $"the bucket name '{bucket}' must not contain two dots in a row";
            }

            if (System.Net.IPAddress.TryParse(bucket, out _) && bucket.Split('.').Length == 4)
            {
                return $"the bucket name '{bucket}' must not look like an IP address";
            }

            return null;
        }
    }
}
