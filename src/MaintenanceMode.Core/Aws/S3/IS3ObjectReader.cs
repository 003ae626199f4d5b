using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Aws.S3
{
    /// <summary>Reads one small object whole. The seam that lets page loading be tested without S3.</summary>
    public interface IS3ObjectReader
    {
        /// <param name="location">An object (not a folder).</param>
        /// <param name="maxBytes">Objects larger than this are refused before their body is read.</param>
        /// <exception cref="S3ObjectTooLargeException">The object is larger than <paramref name="maxBytes"/>.</exception>
        /// <exception cref="S3StoreException">S3BucketNotFound, S3ObjectNotFound, S3AccessDenied (naming s3:GetObject) or S3RequestFailed.</exception>
        Task<S3ObjectContent> ReadAsync(S3Uri location, long maxBytes, CancellationToken cancellationToken);
    }
}
