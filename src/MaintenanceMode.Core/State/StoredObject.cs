namespace MaintenanceMode.State
{
    /// <summary>A stored JSON document and the ETag that names this version of it (for If-Match).</summary>
    public sealed class StoredObject
    {
        public StoredObject(string key, string content, string eTag, string? encryption = null)
        {
            Key = key;
            Content = content;
            ETag = eTag;
            Encryption = encryption;
        }

        public string Key { get; }

        public string Content { get; }

        /// <summary>As S3 returns it, quotes included; pass it back unchanged.</summary>
        public string ETag { get; }

        /// <summary>How S3 says the object is encrypted (see <see cref="StoreEncryption.Describe"/>); null when it said nothing.</summary>
        public string? Encryption { get; }
    }
}
