using System.Globalization;
using System.Text;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// Makes a token's value safe for the page's content type, so a reason such as "&lt;b&gt;DB&lt;/b&gt; &amp; co" shows as
    /// written and can never add markup or break a script. Only the characters that need it are escaped:
    /// letters such as é stay one character, which matters under ALB's 1024-character limit.
    /// </summary>
    public static class PageValueEncoder
    {
        public static string Encode(string value, string contentType)
        {
            switch (contentType)
            {
                case PageContentType.Html:
                    return Html(value);
                case PageContentType.Json:
                    return JsonString(value, forScript: false);
                case PageContentType.JavaScript:
                    return JsonString(value, forScript: true);
                default:
                    // text/plain is shown as is; CSS has no string context a token could be meant for.
                    return value;
            }
        }

        /// <summary>Text and quoted attribute values: &amp; &lt; &gt; &quot; &#39;.</summary>
        public static string Html(string value)
        {
            var result = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '&': result.Append("&amp;"); break;
                    case '<': result.Append("&lt;"); break;
                    case '>': result.Append("&gt;"); break;
                    case '"': result.Append("&quot;"); break;
                    case '\'': result.Append("&#39;"); break;
                    default: result.Append(c); break;
                }
            }

            return result.ToString();
        }

        /// <summary>
        /// The inside of a string literal. JSON takes \" \\ and control characters; a script also gets \' (either
        /// quote may delimit its strings), \u003C for '&lt;' so "&lt;/script&gt;" cannot end an inline script, and \u0060 and
        /// \u0024 for '`' and '$', so a value inside a template literal can neither end it nor interpolate.
        /// </summary>
        public static string JsonString(string value, bool forScript)
        {
            var result = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': result.Append("\\\""); break;
                    case '\\': result.Append("\\\\"); break;
                    case '\n': result.Append("\\n"); break;
                    case '\r': result.Append("\\r"); break;
                    case '\t': result.Append("\\t"); break;
                    case '\'' when forScript: result.Append("\\'"); break;
                    case '<' when forScript: result.Append("\\u003C"); break;
                    // A template literal ends at a backtick and interpolates ${...}: neither may come from a value.
                    case '`' when forScript: result.Append("\\u0060"); break;
                    case '$' when forScript: result.Append("\\u0024"); break;
                    default:
                        // U+2028/2029 end a line in older JavaScript engines.
                        if (c < ' ' || c == '\u2028' || c == '\u2029')
                        {
                            result.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            result.Append(c);
                        }

                        break;
                }
            }

            return result.ToString();
        }
    }
}
