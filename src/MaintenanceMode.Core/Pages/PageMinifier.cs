using System.Linq;
using NUglify;
using NUglify.Html;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// Shrinks a page with NUglify: HTML (with its inline CSS and scripts), CSS and JavaScript. Plain text and JSON
    /// are left alone. A page the minifier reports errors for is not minified, so a broken page is never served.
    /// </summary>
    public static class PageMinifier
    {
        public static bool CanMinify(string contentType) =>
            contentType == PageContentType.Html || contentType == PageContentType.Css || contentType == PageContentType.JavaScript;

        /// <summary>The minified text, or null with <paramref name="problem"/> set when it cannot be minified safely.</summary>
        public static string? Minify(string content, string contentType, out string? problem)
        {
            problem = null;
            UglifyResult result;
            switch (contentType)
            {
                case PageContentType.Html:
                    result = Uglify.Html(content, HtmlSettings());
                    break;
                case PageContentType.Css:
                    result = Uglify.Css(content);
                    break;
                case PageContentType.JavaScript:
                    result = Uglify.Js(content);
                    break;
                default:
                    problem = $"{contentType} pages are not minified.";
                    return null;
            }

            var errors = result.Errors?.Where(e => e.IsError).ToList();
            if (result.HasErrors || result.Code == null)
            {
                problem = "the minifier found errors in it: " + string.Join("; ", (errors ?? new System.Collections.Generic.List<UglifyError>()).Take(3).Select(e => e.ToString()));
                return null;
            }

            return result.Code;
        }

        private static HtmlSettings HtmlSettings()
        {
            var settings = new HtmlSettings
            {
                // Entities stay entities: an encoded "<" in a reason must never turn back into markup.
                DecodeEntityCharacters = false,
            };
            return settings;
        }
    }
}
