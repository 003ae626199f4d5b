using System.IO;

namespace MaintenanceMode.IO
{
    /// <summary>A file was not read: it is not a regular file, or it is larger than the reader accepts.</summary>
    public sealed class BoundedReadException : IOException
    {
        public BoundedReadException(string path, string reason, bool tooLarge)
            : base(reason)
        {
            Path = path;
            Reason = reason;
            TooLarge = tooLarge;
        }

        public string Path { get; }

        /// <summary>Why, in words that name the path: "… is a FIFO (named pipe), not a regular file".</summary>
        public string Reason { get; }

        /// <summary>True when the file is regular but longer than the bound; false when it is not a regular file.</summary>
        public bool TooLarge { get; }
    }
}
