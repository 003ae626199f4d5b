using System;
using System.Text;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Maintenance
{
    /// <summary>
    /// The body an ALB fixed response serves during maintenance, validated against ALB's limits so a bad
    /// page fails before any listener is touched. Immutable; build it with <see cref="FromBytes"/> or <see cref="FromText"/>.
    /// </summary>
    public sealed class MaintenancePage
    {
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
        public static MaintenancePage FromBytes(byte[] bytes, string source, string? declaredContentType = null) =>
            Fitting(PageTemplate.FromBytes(bytes, source, declaredContentType));

        /// <summary>Validates text already in memory. A leading U+FEFF (a decoded BOM) is dropped.</summary>
        /// <exception cref="PageException">PageEmpty, PageTooLarge or UnsupportedContentType.</exception>
        public static MaintenancePage FromText(string content, string source, string? declaredContentType = null) =>
            Fitting(PageTemplate.FromText(content, source, declaredContentType));

        /// <summary>A template (already decoded, not blank, of a type ALB sends) that fits as it is.</summary>
        private static MaintenancePage Fitting(PageTemplate page)
        {
            int size = CountCharacters(page.Content);
            if (size > RuleLimits.MaxMessageBodyCharacters)
            {
                throw new PageException(
                    ErrorIds.PageTooLarge,
                    page.Source,
                    $"The maintenance page {page.Source} is {size} characters; an ALB fixed response allows at most {RuleLimits.MaxMessageBodyCharacters} ({size - RuleLimits.MaxMessageBodyCharacters} over). " +
                    "Minify it (drop comments and white space, inline less CSS) or host the page elsewhere and use -RedirectUrl.");
            }

            return new MaintenancePage(page.Content, page.ContentType, page.Source);
        }

        /// <summary>
        /// The length ALB compares with <see cref="RuleLimits.MaxMessageBodyCharacters"/>: UTF-16 code units, so a character outside the
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
    }
}
