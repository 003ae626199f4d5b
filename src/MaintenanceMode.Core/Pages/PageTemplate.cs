using System;
using System.Text;
using MaintenanceMode.Errors;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// A maintenance page as stored, before <see cref="PageRenderer"/> fills its tokens and, when needed, minifies
    /// it. Decoded and typed as ALB would serve it, but not held to ALB's 1024 characters yet: only
    /// the rendered page has to fit.
    /// </summary>
    public sealed class PageTemplate
    {
        // Strict: a Latin-1 or UTF-16 file is refused rather than served garbled.
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private PageTemplate(string content, string contentType, string source)
        {
            Content = content;
            ContentType = contentType;
            Source = source;
        }

        /// <summary>The template text, without a byte order mark.</summary>
        public string Content { get; }

        /// <summary>One of <see cref="PageContentType.Allowed"/>.</summary>
        public string ContentType { get; }

        /// <summary>Where the template came from (s3:// location or file path).</summary>
        public string Source { get; }

        /// <summary>Decodes strictly as UTF-8 (a leading BOM is dropped) and resolves the content type.</summary>
        /// <exception cref="PageException">PageNotUtf8, PageEmpty or UnsupportedContentType.</exception>
        public static PageTemplate FromBytes(byte[] bytes, string source, string? declaredContentType = null)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (source == null) throw new ArgumentNullException(nameof(source));

            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                string where = ex.Index >= 0 ? $" at byte {ex.Index}" : string.Empty;
                throw new PageException(
                    ErrorIds.PageNotUtf8,
                    source,
                    $"The maintenance page {source} is not valid UTF-8 (first bad byte{where}). Save it as UTF-8 and try again; ALB serves the body as text, so other encodings would arrive garbled.",
                    ex);
            }

            return FromText(text, source, declaredContentType);
        }

        /// <summary>Text already in memory. A leading U+FEFF (a decoded BOM) is dropped.</summary>
        /// <exception cref="PageException">PageEmpty or UnsupportedContentType.</exception>
        public static PageTemplate FromText(string content, string source, string? declaredContentType = null)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            if (source == null) throw new ArgumentNullException(nameof(source));

            if (content.Length > 0 && content[0] == '\uFEFF')
            {
                content = content.Substring(1);
            }

            if (content.Trim().Length == 0)
            {
                throw new PageException(
                    ErrorIds.PageEmpty,
                    source,
                    $"The maintenance page {source} is empty. Put the message visitors should see in it (at most {RuleLimits.MaxMessageBodyCharacters} characters once rendered).");
            }

            return new PageTemplate(content, PageContentType.Resolve(declaredContentType, source), source);
        }
    }
}
