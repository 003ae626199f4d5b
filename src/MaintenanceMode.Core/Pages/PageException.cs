using System;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// The maintenance page cannot be used: it could not be read, or ALB would refuse it.
    /// <see cref="ErrorId"/> is one of <see cref="PageErrorIds"/>; the message says what to do.
    /// </summary>
    public sealed class PageException : Exception
    {
        public PageException(string errorId, string source, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            PageSource = source;
        }

        public string ErrorId { get; }

        /// <summary>Where the page came from: an s3:// location or a file path.</summary>
        public string PageSource { get; }
    }
}
