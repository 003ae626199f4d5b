using System;
using System.Collections.Generic;
using System.IO;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// Decides the content type of a maintenance page: an explicit or stored type first, else the file
    /// extension, else text/html. Only the types an ALB fixed response accepts come out of here.
    /// </summary>
    public static class PageContentType
    {
        public const string Html = "text/html";
        public const string PlainText = "text/plain";
        public const string Css = "text/css";
        public const string JavaScript = "application/javascript";
        public const string Json = "application/json";

        /// <summary>The fixed-response content types ALB accepts.</summary>
        public static readonly IReadOnlyList<string> Allowed = new[] { PlainText, Css, Html, JavaScript, Json };

        private static readonly Dictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".html"] = Html,
            [".htm"] = Html,
            [".txt"] = PlainText,
            [".css"] = Css,
            [".js"] = JavaScript,
            [".json"] = Json,
        };

        /// <summary>
        /// Resolves the content type.
        /// </summary>
        /// <param name="declared">A type given by the user or stored with the S3 object, possibly with parameters; null or empty when none.</param>
        /// <param name="source">The page's location, whose extension is the fallback.</param>
        /// <exception cref="PageException"><c>UnsupportedContentType</c> when the declared type is not one ALB accepts.</exception>
        public static string Resolve(string? declared, string source)
        {
            string? normalized = Normalize(declared);
            if (normalized != null)
            {
                foreach (string allowed in Allowed)
                {
                    if (allowed == normalized)
                    {
                        return allowed;
                    }
                }

                throw new PageException(
                    ErrorIds.UnsupportedContentType,
                    source,
                    $"The maintenance page {source} has content type '{declared}', which an ALB fixed response does not accept. " +
                    $"Allowed: {string.Join(", ", Allowed)}. Store the page with one of these types (for S3, set the object's Content-Type) or pass the content type explicitly.");
            }

            return FromExtension(source) ?? Html;
        }

        /// <summary>The type for a path's extension (ignoring a query-like suffix), or null when the extension says nothing.</summary>
        public static string? FromExtension(string source)
        {
            string extension;
            try
            {
                extension = Path.GetExtension(source);
            }
            catch (ArgumentException)
            {
                return null; // characters a path may not hold on this platform: no extension to go by
            }

            return ByExtension.TryGetValue(extension, out string? type) ? type : null;
        }

        // Strips parameters ("; charset=utf-8") and case. The generic types S3 assigns to objects uploaded
        // without a type say nothing, so they count as absent. "text/javascript" (what current MIME tables
        // give .js) means the same thing as ALB's "application/javascript".
        private static string? Normalize(string? declared)
        {
            if (declared == null)
            {
                return null;
            }

            int semicolon = declared.IndexOf(';');
            string type = (semicolon < 0 ? declared : declared.Substring(0, semicolon)).Trim().ToLowerInvariant();
            switch (type)
            {
                case "":
                case "binary/octet-stream":
                case "application/octet-stream":
                    return null;
                case "text/javascript":
                    return JavaScript;
                default:
                    return type;
            }
        }
    }
}
