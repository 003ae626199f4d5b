using System;
using System.Collections.Generic;
using System.Text.Json;
using MaintenanceMode.Errors;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// Turns a page template into the body of a fixed response: fills its tokens (<see cref="PageTokens"/>),
    /// minifies it only when the filled page is over ALB's 1024 characters, and measures the result. Pure: the
    /// time is a parameter, so a test (or a re-run) renders the same page for the same moment.
    /// </summary>
    /// <remarks>
    /// Minifying only when needed keeps a page that fits exactly as its author wrote it, byte for byte, so what
    /// Enable-Maintenance serves is what the author previewed in a browser.
    /// </remarks>
    public static class PageRenderer
    {
        /// <summary>Renders a page for Enable-Maintenance.</summary>
        /// <exception cref="PageException">PageTooLarge when even minified it is over 1024 characters; PageEmpty when it renders blank.</exception>
        public static RenderedPage Render(PageTemplate template, string? reason, PageUntil? until, DateTimeOffset now)
        {
            var page = Measure(template, reason, until, now);
            if (page.Problem != null)
            {
                throw new PageException(page.Content.Trim().Length == 0 ? ErrorIds.PageEmpty : ErrorIds.PageTooLarge, template.Source, page.Problem);
            }

            return page;
        }

        /// <summary>
        /// As <see cref="Render(PageTemplate, string, PageUntil, DateTimeOffset)"/>, but a page that does not fit is
        /// returned with <see cref="RenderedPage.Fits"/> false and <see cref="RenderedPage.Problem"/> saying why.
        /// </summary>
        public static RenderedPage Measure(PageTemplate template, string? reason, PageUntil? until, DateTimeOffset now)
        {
            if (template == null) throw new ArgumentNullException(nameof(template));

            PageTokenContext.Check(template.Content, template.ContentType, template.Source);
            var filled = PageTokens.Substitute(template.Content, template.ContentType, reason, until, now);
            var warnings = new List<string>(filled.Warnings);
            var rendered = filled.Text;
            var renderedSize = RuleLimits.MessageBodyLength(rendered);
            var content = rendered;
            var minified = false;
            string? problem = null;

            if (renderedSize > RuleLimits.MaxMessageBodyCharacters)
            {
                string? minifyProblem = null;
                var smaller = PageMinifier.CanMinify(template.ContentType) ? PageMinifier.Minify(rendered, template.ContentType, out minifyProblem) : null;
                if (smaller != null && RuleLimits.MessageBodyLength(smaller) < renderedSize)
                {
                    content = smaller;
                    minified = true;
                }

                var size = RuleLimits.MessageBodyLength(content);
                if (size > RuleLimits.MaxMessageBodyCharacters)
                {
                    problem = TooLarge(template, renderedSize, minified ? size : (int?)null, minifyProblem);
                }
            }
            else if (rendered.Trim().Length == 0)
            {
                problem = $"The maintenance page {template.Source} renders as blank text. Put the message visitors should see in it, or give the values its tokens use.";
            }

            warnings.AddRange(CheckContentType(content, template.ContentType));
            return new RenderedPage
            {
                Source = template.Source,
                Content = content,
                ContentType = template.ContentType,
                Characters = RuleLimits.MessageBodyLength(content),
                Minified = minified,
                TemplateCharacters = RuleLimits.MessageBodyLength(template.Content),
                RenderedCharacters = renderedSize,
                Tokens = filled.Used,
                Warnings = warnings,
                Problem = problem,
            };
        }

        private static string TooLarge(PageTemplate template, int renderedSize, int? minifiedSize, string? minifyProblem)
        {
            var max = RuleLimits.MaxMessageBodyCharacters;
            string measured;
            if (minifiedSize.HasValue)
            {
                measured = $"is {renderedSize} characters once rendered and still {minifiedSize} minified";
            }
            else if (minifyProblem != null && PageMinifier.CanMinify(template.ContentType))
            {
                measured = $"is {renderedSize} characters once rendered and was not minified ({minifyProblem})";
            }
            else
            {
                measured = $"is {renderedSize} characters once rendered ({template.ContentType} is not minified)";
            }

            var over = (minifiedSize ?? renderedSize) - max;
            return $"The maintenance page {template.Source} {measured}; an ALB fixed response allows at most {max} ({over} over). " +
                "Shorten the text or the -Reason, drop inline CSS or images, or host the page elsewhere and use -RedirectUrl.";
        }

        // The type decides how browsers treat the body; a mismatch shows visitors raw markup or a download.
        private static IEnumerable<string> CheckContentType(string content, string contentType)
        {
            var start = content.TrimStart();
            var looksLikeHtml = start.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
            if (contentType != PageContentType.Html && looksLikeHtml)
            {
                yield return $"The page looks like HTML but is served as {contentType}: browsers would show the markup. Use text/html (a .html file, or -ContentType text/html).";
            }

            if (contentType == PageContentType.Json && !IsJson(content))
            {
                yield return "The page is served as application/json but is not valid JSON once rendered.";
            }
        }

        private static bool IsJson(string content)
        {
            try
            {
                using (JsonDocument.Parse(content))
                {
                    return true;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
