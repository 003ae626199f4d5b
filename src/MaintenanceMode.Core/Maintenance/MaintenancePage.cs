using System;
using System.Text;

namespace MaintenanceMode.Maintenance
{
    /// <summary>
    /// The body an ALB fixed response serves during maintenance, validated against ALB's limits so a bad
    /// page fails before any listener is touched. Immutable; build it with <see cref="FromBytes"/> or <see cref="FromText"/>.
    /// </summary>
    public sealed class MaintenancePage
    {
        /// <summary>ALB's limit on a fixed response's MessageBody, in characters (not bytes).</summary>
        public const int MaxCharacters = 1024;

        private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };

        // Strict: invalid bytes throw instead of becoming U+FFFD, so a Latin-1 or UTF-16 file is refused
        // rather than served garbled.
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private MaintenancePage(string content, string contentType, string source)
        {
            Content = content;
            ContentType = contentType;
            Source = source;
        }

        /// <summary>The page text, without a byte order mark.</summary>
        public string Content { get; }

        /// <summary>One of <see cref="PageContentType.Allowed"/>.</summary>
        public string ContentType { get; }

        /// <summary>Where the page came from (s3:// location or file path), for messages and status.</summary>
        public string Source { get; }

        /// <summary>The size as ALB counts it; see <see cref="CountCharacters"/>.</summary>
        public int CharacterCount => CountCharacters(Content);

        /// <summary>Decodes strictly as UTF-8 (a leading BOM is dropped), resolves the content type, and validates.</summary>
        /// <param name="bytes">The stored page.</param>
        /// <param name="source">Its location; its extension decides the type when <paramref name="declaredContentType"/> does not.</param>
        /// <param name="declaredContentType">An explicit type or the one stored with the object; parameters are ignored.</param>
        /// <exception cref="PageException">PageNotUtf8, PageEmpty, PageTooLarge or UnsupportedContentType.</exception>
        public static MaintenancePage FromBytes(byte[] bytes, string source, string? declaredContentType = null)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (source == null) throw new ArgumentNullException(nameof(source));

            int offset = StartsWithBom(bytes) ? Utf8Bom.Length : 0;
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
            }
            catch (DecoderFallbackException ex)
            {
                string where = ex.Index >= 0 ? $" at byte {ex.Index + offset}" : string.Empty;
                throw new PageException(
                    PageErrorIds.PageNotUtf8,
                    source,
                    $"The maintenance page {source} is not valid UTF-8 (first bad byte{where}). Save it as UTF-8 and try again; ALB serves the body as text, so other encodings would arrive garbled.",
                    ex);
            }

            return FromText(text, source, declaredContentType);
        }

        /// <summary>Validates text already in memory. A leading U+FEFF (a decoded BOM) is dropped.</summary>
        /// <exception cref="PageException">PageEmpty, PageTooLarge or UnsupportedContentType.</exception>
        public static MaintenancePage FromText(string content, string source, string? declaredContentType = null)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            if (source == null) throw new ArgumentNullException(nameof(source));

            if (content.Length > 0 && content[0] == '\uFEFF')
            {
                content = content.Substring(1);
            }

            // Blank counts as empty: ALB would accept it, but visitors would see a blank page with no explanation.
            if (content.Trim().Length == 0)
            {
                throw new PageException(
                    PageErrorIds.PageEmpty,
                    source,
                    $"The maintenance page {source} is empty. Put the message visitors should see in it (at most {MaxCharacters} characters).");
            }

            int size = CountCharacters(content);
            if (size > MaxCharacters)
            {
                throw new PageException(
                    PageErrorIds.PageTooLarge,
                    source,
                    $"The maintenance page {source} is {size} characters; an ALB fixed response allows at most {MaxCharacters} ({size - MaxCharacters} over). " +
                    "Minify it (drop comments and white space, inline less CSS) or host the page elsewhere and use -RedirectUrl.");
            }

            string contentType = PageContentType.Resolve(declaredContentType, source);
            return new MaintenancePage(content, contentType, source);
        }

        /// <summary>
        /// The length ALB compares with <see cref="MaxCharacters"/>: UTF-16 code units, so a character outside the
        /// Basic Multilingual Plane (an emoji, a rare CJK ideograph) counts as two.
        /// </summary>
        /// <remarks>
        /// The API model states the limit in characters without defining them. Smithy's length trait counts Unicode
        /// scalar values, while a service written in Java counts String.length(), i.e. UTF-16 units. The two differ
        /// only for surrogate pairs, and UTF-16 units is never the smaller count, so a page accepted here is
        /// accepted by ALB under either reading. The cost is refusing a page of, say, 1000 letters and 20 emoji
        /// that ALB might have taken; refusing it here is better than a failure halfway through enabling maintenance.
        /// Letters such as é or 日 are one unit each, so multibyte text gets the full 1024 characters.
        /// </remarks>
        public static int CountCharacters(string content) => content.Length;

        private static bool StartsWithBom(byte[] bytes)
        {
            return bytes.Length >= Utf8Bom.Length && bytes[0] == Utf8Bom[0] && bytes[1] == Utf8Bom[1] && bytes[2] == Utf8Bom[2];
        }
    }
}
