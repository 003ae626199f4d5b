using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// Where in an HTML page a text token may stand. Token values are HTML-encoded, which is safe in text and in
    /// quoted attribute values, and in nothing else: inside an inline script or style, an event handler (onclick),
    /// a style attribute, a URL attribute (href="javascript:...") or an unquoted attribute, encoded text can still
    /// run code or change the page. Those places are refused rather than encoded a second way. {{UntilIso}} is
    /// made of digits and -:T+ only, so it may stand anywhere (a countdown script reads it).
    /// </summary>
    public static class PageTokenContext
    {
        private static readonly string[] TextTokens = { PageTokens.Reason, PageTokens.Until, PageTokens.UntilRelative };

        // Attributes whose value the browser takes as a URL (or a list of them).
        private static readonly HashSet<string> UrlAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "href", "src", "action", "formaction", "srcset", "poster", "data", "background", "cite", "codebase",
            "longdesc", "manifest", "ping", "xlink:href", "icon", "lowsrc", "dynsrc", "archive", "profile", "usemap",
        };

        private static readonly Regex RawText = new Regex(@"<(script|style)\b[^>]*>(.*?)(</\1\s*>|\z)",
            RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        /// <summary>Throws <see cref="ErrorIds.UnsafeTokenContext"/> when an HTML page holds a text token where HTML encoding does not protect it.</summary>
        public static void Check(string template, string contentType, string source)
        {
            if (contentType != PageContentType.Html)
            {
                return;
            }

            var problem = Problem(template);
            if (problem != null)
            {
                throw new PageException(ErrorIds.UnsafeTokenContext, source,
                    $"The page {source} holds {problem}: there, HTML encoding does not keep -Reason or -Until from running as code or changing links. " +
                    "Put the token in the page's text or in a quoted attribute such as title=\"...\"; a script can read {{UntilIso}}, or text from an element (document.getElementById('reason').textContent).");
            }
        }

        /// <summary>The first unsafe place of a text token, in words ("{{Reason}} inside an inline &lt;script&gt;"), or null.</summary>
        public static string? Problem(string template)
        {
            foreach (Match element in RawText.Matches(template))
            {
                var token = TextTokenIn(element.Groups[2].Value);
                if (token != null)
                {
                    return $"{{{{{token}}}}} inside an inline <{element.Groups[1].Value.ToLowerInvariant()}>";
                }
            }

            foreach (var (tag, name, value, quoted) in Attributes(template))
            {
                var token = value == null ? TextTokenIn(name) : TextTokenIn(value);
                if (token == null)
                {
                    continue;
                }

                if (value == null)
                {
                    return $"{{{{{token}}}}} as an attribute name";
                }

                if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    return $"{{{{{token}}}}} in the event handler {name}=";
                }

                if (string.Equals(name, "style", StringComparison.OrdinalIgnoreCase))
                {
                    return $"{{{{{token}}}}} in a style= attribute";
                }

                if (UrlAttributes.Contains(name) || IsRefresh(tag, name))
                {
                    return $"{{{{{token}}}}} in the URL attribute {name}=";
                }

                if (!quoted)
                {
                    return $"{{{{{token}}}}} in the unquoted attribute {name}=";
                }
            }

            return null;
        }

        /// <summary>
        /// Every attribute of every start tag, as a browser splits them: a name, then an optional value, quoted
        /// or not. Scanned by hand rather than by one pattern, so that sloppy markup (a="1"b="2") is still seen
        /// attribute by attribute and a page without a closing '>' cannot make a pattern backtrack for long.
        /// </summary>
        private static IEnumerable<(string Tag, string Name, string? Value, bool Quoted)> Attributes(string html)
        {
            var i = 0;
            while ((i = html.IndexOf('<', i)) >= 0)
            {
                var start = i;
                i++;
                if (i >= html.Length || !char.IsLetter(html[i]))
                {
                    continue;
                }

                while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>' && html[i] != '/')
                {
                    i++;
                }

                var found = new List<(string Name, string? Value, bool Quoted)>();
                while (i < html.Length && html[i] != '>')
                {
                    if (char.IsWhiteSpace(html[i]) || html[i] == '/')
                    {
                        i++;
                        continue;
                    }

                    var nameStart = i;
                    while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '=' && html[i] != '>' && (html[i] != '/' || i == nameStart))
                    {
                        i++;
                    }

                    var name = html.Substring(nameStart, i - nameStart);
                    var j = i;
                    while (j < html.Length && char.IsWhiteSpace(html[j])) j++;
                    if (j >= html.Length || html[j] != '=')
                    {
                        found.Add((name, null, false));
                        continue;
                    }

                    i = j + 1;
                    while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                    if (i < html.Length && (html[i] == '"' || html[i] == '\''))
                    {
                        var quote = html[i];
                        var close = html.IndexOf(quote, i + 1);
                        var valueEnd = close < 0 ? html.Length : close;
                        found.Add((name, html.Substring(i + 1, valueEnd - i - 1), true));
                        i = close < 0 ? html.Length : close + 1;
                    }
                    else
                    {
                        var valueStart = i;
                        while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
                        found.Add((name, html.Substring(valueStart, i - valueStart), false));
                    }
                }

                var tag = html.Substring(start, Math.Min(html.Length, i + 1) - start);
                foreach (var (name, value, quoted) in found)
                {
                    yield return (tag, name, value, quoted);
                }
            }
        }

        // <meta http-equiv="refresh" content="0; url=..."> takes a URL in content=.
        private static bool IsRefresh(string tag, string attribute) =>
            string.Equals(attribute, "content", StringComparison.OrdinalIgnoreCase)
            && Regex.IsMatch(tag, @"http-equiv\s*=\s*[""']?\s*refresh", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static string? TextTokenIn(string text) =>
            PageTokens.KnownIn(text).FirstOrDefault(t => TextTokens.Contains(t));
    }
}
