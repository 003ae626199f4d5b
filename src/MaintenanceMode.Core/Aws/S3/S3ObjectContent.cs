namespace MaintenanceMode.Aws.S3
{
    /// <summary>A small object read whole from S3.</summary>
    public sealed class S3ObjectContent
    {
        public S3ObjectContent(S3Uri location, byte[] bytes, string? contentType, string? eTag)
        {
            Location = location;
            Bytes = bytes;
            ContentType = contentType;
            ETag = eTag;
        }

        public S3Uri Location { get; }

        public byte[] Bytes { get; }

        /// <summary>The Content-Type stored with the object, as S3 returned it (may carry parameters).</summary>
        public string? ContentType { get; }

        public string? ETag { get; }
    }
}
