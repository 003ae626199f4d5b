namespace MaintenanceMode.Aws.S3
{
    /// <summary>A stored JSON document and the ETag that names this version of it (for If-Match).</summary>
    public sealed class StoredObject
    {
        public StoredObject(string key, string content, string eTag)
        {
            Key = key;
            Content = content;
            ETag = eTag;
        }

        public string Key { get; }

        public string Content { get; }

        /// <summary>As S3 returns it, quotes included; pass it back unchanged.</summary>
        public string ETag { get; }
    }
}
