using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>An object is larger than the reader was told to accept. Error id <c>S3ObjectTooLarge</c>.</summary>
    public sealed class S3ObjectTooLargeException : S3StoreException
    {
        public S3ObjectTooLargeException(S3Uri location, long size, long limit)
            : base(ErrorIds.S3ObjectTooLarge, $"The object {location} is {(size < 0 ? "of unknown size, more than " + limit : size.ToString())} bytes; at most {limit} bytes are read.", location.Bucket, location.Key)
        {
            Size = size;
            Limit = limit;
        }

        /// <summary>The object's size in bytes, or -1 when S3 did not say and the body ran past the limit.</summary>
        public long Size { get; }

        public long Limit { get; }
    }
}
