using System;
using System.Collections.Generic;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Pages
{
    /// <summary>
    /// A maintenance page with its tokens filled and, when it was over ALB's limit, minified: what a fixed
    /// response would serve, and how it measures against the limit. Test-MaintenancePage writes it.
    /// </summary>
    public sealed class RenderedPage
    {
        public string Source { get; set; } = string.Empty;

        /// <summary>The body to serve (minified when <see cref="Minified"/>).</summary>
        public string Content { get; set; } = string.Empty;

        public string ContentType { get; set; } = PageContentType.Html;

        /// <summary>The size of <see cref="Content"/> as ALB counts it (<see cref="RuleLimits.MessageBodyLength"/>).</summary>
        public int Characters { get; set; }

        /// <summary>Room left under <see cref="MaxCharacters"/>; negative when the page is over.</summary>
        public int CharactersLeft => MaxCharacters - Characters;

        public int MaxCharacters => RuleLimits.MaxMessageBodyCharacters;

        /// <summary>True when the content fits an ALB fixed response.</summary>
        public bool Fits => Characters <= MaxCharacters;

        /// <summary>True when the rendered page was over the limit and the minified one is served.</summary>
        public bool Minified { get; set; }

        /// <summary>The size of the template as stored.</summary>
        public int TemplateCharacters { get; set; }

        /// <summary>The size after filling the tokens, before any minifying.</summary>
        public int RenderedCharacters { get; set; }

        /// <summary>The tokens the page uses.</summary>
        public IReadOnlyList<string> Tokens { get; set; } = Array.Empty<string>();

        /// <summary>What a visitor might notice: unknown tokens, missing values, a type that does not fit the content.</summary>
        public IReadOnlyList<string> Warnings { get; set; } = Array.Empty<string>();

        /// <summary>Why the page does not fit (or could not be minified), and what to do; null when it fits.</summary>
        public string? Problem { get; set; }

        public override string ToString() => $"{Source}: {Characters}/{MaxCharacters} characters{(Minified ? " (minified)" : string.Empty)}";
    }
}
