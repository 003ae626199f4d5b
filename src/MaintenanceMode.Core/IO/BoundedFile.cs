using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.IO
{
    /// <summary>
    /// Reads a file the operator named (a page, a local snapshot) as a bounded stream of a regular file: a
    /// length checked before reading says nothing of /dev/zero, a FIFO, or a file that grows while it is read.
    /// </summary>
    public static class BoundedFile
    {
        /// <summary>The whole file, when it is a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
        /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
        /// <exception cref="BoundedReadException">It is not a regular file, or it holds more than <paramref name="maxBytes"/> bytes.</exception>
        public static byte[] ReadAllBytes(string path, long maxBytes)
        {
            var notRegular = FileKind.NotRegular(path);
            if (notRegular != null)
            {
                throw new BoundedReadException(path, $"{path} is {notRegular}, not a regular file", tooLarge: false);
            }

            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                return ReadStream(stream, maxBytes, CancellationToken.None).GetAwaiter().GetResult()
                    ?? throw new BoundedReadException(path, $"{path} holds more than {maxBytes} bytes", tooLarge: true);
            }
        }

        /// <summary>At most <paramref name="maxBytes"/> bytes of <paramref name="stream"/>; null when it holds more (never read past maxBytes + 1).</summary>
        public static async Task<byte[]?> ReadStream(Stream stream, long maxBytes, CancellationToken cancellationToken)
        {
            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[8192];
                while (true)
                {
                    var want = (int)System.Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
                    var read = await stream.ReadAsync(chunk, 0, want, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return buffer.ToArray();
                    }

                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > maxBytes)
                    {
                        return null;
                    }
                }
            }
        }
    }
}
