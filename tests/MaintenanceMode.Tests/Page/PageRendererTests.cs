using System.IO;
using System.Text;
using System.Text.Json;
using MaintenanceMode.Errors;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Tests.Page
{
    public sealed class PageRendererTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.Zero);

        private static PageTemplate Html(string content) => PageTemplate.FromText(content, "page.html");

        private static PageTemplate Typed(string content, string contentType) => PageTemplate.FromText(content, "page", contentType);

        // Padding that a minifier removes entirely: white space between tags.
        private static string Spaces(int count) => new string(' ', count);

        [Fact]
        public void Fills_every_token_and_reports_which_the_page_uses()
        {
            var until = PageUntil.FromTime(Now.AddMinutes(30));
            var page = PageRenderer.Render(Typed("{{Reason}} | {{Until}} | {{UntilRelative}} | {{UntilIso}}", "text/plain"), "DB upgrade", until, Now);

            Assert.Equal("DB upgrade | 2025-06-01 10:00 UTC | in 30 minutes | 2025-06-01T10:00:00+00:00", page.Content);
            Assert.Equal(new[] { PageTokens.Reason, PageTokens.Until, PageTokens.UntilRelative, PageTokens.UntilIso }, page.Tokens);
            Assert.Empty(page.Warnings);
        }

        [Fact]
        public void Token_names_ignore_case_and_spaces_inside_the_braces()
        {
            var page = PageRenderer.Render(Typed("{{ reason }} and {{REASON}}", "text/plain"), "DB", null, Now);

            Assert.Equal("DB and DB", page.Content);
        }

        [Fact]
        public void Until_text_is_shown_as_the_operator_wrote_it_and_read_as_a_time_for_the_relative_token()
        {
            var until = PageUntil.FromText("10:00 UTC", System.Globalization.CultureInfo.InvariantCulture, Now);
            var page = PageRenderer.Render(Typed("{{Until}} / {{UntilRelative}}", "text/plain"), null, until, Now);

            Assert.Equal(new DateTimeOffset(Now.Date.AddHours(10), TimeSpan.Zero), until.At);
            Assert.Equal("10:00 UTC / in 30 minutes", page.Content);
        }

        [Fact]
        public void A_time_of_day_already_past_today_means_tomorrow()
        {
            var until = PageUntil.FromText("08:00 UTC", System.Globalization.CultureInfo.InvariantCulture, Now);

            Assert.Equal(new DateTimeOffset(2025, 6, 2, 8, 0, 0, TimeSpan.Zero), until.At);
            Assert.Equal("in 22 hours 30 minutes", RelativeTime.Describe(until.At!.Value, Now));
        }

        [Fact]
        public void An_offset_in_the_until_text_is_honoured()
        {
            var until = PageUntil.FromText("2025-06-01T12:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture, Now);

            Assert.Equal("in 30 minutes", PageRenderer.Render(Typed("{{UntilRelative}}", "text/plain"), null, until, Now).Content);
        }

        [Fact]
        public void Until_text_that_is_no_time_shows_as_written_with_a_warning()
        {
            var until = PageUntil.FromText("this evening", System.Globalization.CultureInfo.InvariantCulture, Now);
            var page = PageRenderer.Render(Typed("Back {{UntilRelative}}.", "text/plain"), null, until, Now);

            Assert.Null(until.At);
            Assert.Equal("Back this evening.", page.Content);
            Assert.Contains(page.Warnings, w => w.Contains("does not read as a time"));
        }

        [Theory]
        [InlineData(30, "in 30 minutes")]
        [InlineData(1, "in 1 minute")]
        [InlineData(0.4, "in less than a minute")]
        [InlineData(29.6, "in 30 minutes")]
        [InlineData(60, "in 1 hour")]
        [InlineData(90, "in 1 hour 30 minutes")]
        [InlineData(121, "in 2 hours 1 minute")]
        [InlineData(24 * 60, "in 1 day")]
        [InlineData(51 * 60 + 59, "in 2 days 3 hours")]
        [InlineData(-5, "5 minutes ago")]
        [InlineData(-0.2, "less than a minute ago")]
        public void Relative_time_reads_naturally(double minutes, string expected)
        {
            Assert.Equal(expected, RelativeTime.Describe(Now.AddMinutes(minutes), Now));
        }

        [Fact]
        public void A_time_in_the_past_is_a_warning()
        {
            var page = PageRenderer.Render(Typed("Back {{UntilRelative}}", "text/plain"), null, PageUntil.FromTime(Now.AddMinutes(-10)), Now);

            Assert.Equal("Back 10 minutes ago", page.Content);
            Assert.Contains(page.Warnings, w => w.Contains("in the past"));
        }

        [Fact]
        public void Values_are_html_encoded_in_an_html_page()
        {
            var page = PageRenderer.Render(Html("<p>{{Reason}}</p><a title=\"{{Reason}}\">x</a>"), "<script>alert('x')</script> & \"more\"", null, Now);

            Assert.Equal(
                "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</p><a title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;\">x</a>",
                page.Content);
        }

        [Fact]
        public void Letters_outside_ascii_are_not_turned_into_entities()
        {
            var page = PageRenderer.Render(Html("<p>{{Reason}}</p>"), "Mise à jour 日本", null, Now);

            Assert.Equal("<p>Mise à jour 日本</p>", page.Content);
        }

        [Fact]
        public void Values_are_not_encoded_in_a_plain_text_page()
        {
            var page = PageRenderer.Render(Typed("Why: {{Reason}}", "text/plain"), "<b>DB</b> & co", null, Now);

            Assert.Equal("Why: <b>DB</b> & co", page.Content);
        }

        [Fact]
        public void Values_are_escaped_as_json_strings_in_a_json_page()
        {
            var template = Typed("{\"reason\":\"{{Reason}}\",\"until\":\"{{UntilIso}}\"}", "application/json");
            var page = PageRenderer.Render(template, "say \"hi\"\n\\ it's", PageUntil.FromTime(Now.AddHours(1)), Now);

            using var json = JsonDocument.Parse(page.Content);
            Assert.Equal("say \"hi\"\n\\ it's", json.RootElement.GetProperty("reason").GetString());
            Assert.Equal("2025-06-01T10:30:00+00:00", json.RootElement.GetProperty("until").GetString());
            Assert.Empty(page.Warnings);
        }

        [Fact]
        public void Values_in_a_script_cannot_end_the_string_or_an_inline_script()
        {
            var page = PageRenderer.Render(Typed("var r = '{{Reason}}';", "application/javascript"), "it's </script>", null, Now);

            Assert.Equal("var r = 'it\\'s \\u003C/script>';", page.Content);
        }

        [Fact]
        public void Css_is_left_as_written()
        {
            var page = PageRenderer.Render(Typed("body:after{content:'{{Reason}}'}", "text/css"), "DB", null, Now);

            Assert.Equal("body:after{content:'DB'}", page.Content);
            Assert.Equal("text/css", page.ContentType);
        }

        [Fact]
        public void A_page_that_fits_is_served_exactly_as_written()
        {
            var start = "<html>\n  <body>\n    <h1>Back soon</h1>\n";
            var end = "</body>\n</html>";
            var content = start + Spaces(1024 - start.Length - end.Length) + end;
            Assert.Equal(1024, content.Length);

            var page = PageRenderer.Render(Html(content), null, null, Now);

            Assert.False(page.Minified);
            Assert.Equal(content, page.Content);
            Assert.Equal(1024, page.Characters);
            Assert.Equal(0, page.CharactersLeft);
            Assert.True(page.Fits);
        }

        [Fact]
        public void A_page_over_the_limit_is_minified_and_keeps_its_text()
        {
            var content = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>Maintenance</title>\n  </head>\n  <body>\n    <!-- a long comment for the designers -->\n    <h1>We'll be back soon</h1>\n" + Spaces(1200) + "\n  </body>\n</html>\n";
            Assert.True(content.Length > 1024);

            var page = PageRenderer.Render(Html(content), null, null, Now);

            Assert.True(page.Minified);
            Assert.Equal(content.Length, page.RenderedCharacters);
            Assert.Equal(page.Content.Length, page.Characters);
            Assert.True(page.Characters < 200, page.Content);
            Assert.Contains("We'll be back soon", page.Content);
            Assert.DoesNotContain("long comment", page.Content);
            Assert.Equal(1024 - page.Characters, page.CharactersLeft);
        }

        [Fact]
        public void A_long_reason_can_push_a_page_over_the_limit_and_into_minifying()
        {
            var template = "<html>\n<body>\n<h1>Maintenance</h1>\n" + Spaces(900) + "\n<p>{{Reason}}</p>\n</body>\n</html>";
            Assert.True(template.Length < 1024);

            var shortReason = PageRenderer.Render(Html(template), "DB", null, Now);
            var longReason = PageRenderer.Render(Html(template), new string('x', 200), null, Now);

            Assert.False(shortReason.Minified);
            Assert.True(longReason.Minified);
            Assert.Contains(new string('x', 200), longReason.Content);
        }

        [Fact]
        public void Minifying_keeps_an_encoded_value_encoded()
        {
            var template = "<html><body><p>{{Reason}}</p>" + Spaces(1100) + "</body></html>";

            var page = PageRenderer.Render(Html(template), "<script>alert(1)</script>", null, Now);

            Assert.True(page.Minified);
            Assert.DoesNotContain("<script", page.Content);
            Assert.Contains("&lt;script&gt;", page.Content);
        }

        [Fact]
        public void A_page_still_too_large_when_minified_is_PageTooLarge()
        {
            var template = Html("<html><body><p>" + new string('a', 1100) + "</p>" + Spaces(50) + "</body></html>");

            var error = Assert.Throws<PageException>(() => PageRenderer.Render(template, null, null, Now));

            Assert.Equal(ErrorIds.PageTooLarge, error.ErrorId);
            Assert.Equal("page.html", error.PageSource);
            Assert.Contains("still", error.Message);
            Assert.Contains("-RedirectUrl", error.Message);
        }

        [Fact]
        public void Measure_reports_a_page_that_does_not_fit_instead_of_throwing()
        {
            var template = Html("<p>" + new string('a', 1100) + "</p>");

            var page = PageRenderer.Measure(template, null, null, Now);

            Assert.False(page.Fits);
            Assert.True(page.Characters > 1024);
            Assert.True(page.CharactersLeft < 0);
            Assert.Contains($"{page.Characters - 1024} over", page.Problem);
        }

        [Fact]
        public void Plain_text_is_never_minified()
        {
            var text = "Back soon." + Spaces(1100);

            var error = Assert.Throws<PageException>(() => PageRenderer.Render(Typed(text, "text/plain"), null, null, Now));

            Assert.Equal(ErrorIds.PageTooLarge, error.ErrorId);
            Assert.Contains("text/plain is not minified", error.Message);
        }

        [Fact]
        public void Characters_are_counted_as_alb_counts_them()
        {
            // An emoji is two UTF-16 units; see RuleLimits.MessageBodyLength.
            var page = PageRenderer.Render(Typed("{{Reason}}", "text/plain"), "🙂 é", null, Now);

            Assert.Equal(4, page.Characters);
            Assert.Equal(RuleLimits.MessageBodyLength(page.Content), page.Characters);
        }

        [Fact]
        public void A_page_that_renders_blank_is_PageEmpty()
        {
            var error = Assert.Throws<PageException>(() => PageRenderer.Render(Typed("  {{Reason}} ", "text/plain"), null, null, Now));

            Assert.Equal(ErrorIds.PageEmpty, error.ErrorId);
        }

        [Fact]
        public void An_unknown_token_stays_as_written_and_is_a_warning()
        {
            var page = PageRenderer.Render(Typed("{{Reasn}}", "text/plain"), "DB", null, Now);

            Assert.Equal("{{Reasn}}", page.Content);
            Assert.Contains(page.Warnings, w => w.Contains("{{Reasn}}") && w.Contains("not a token"));
        }

        [Fact]
        public void A_token_without_a_value_renders_empty_with_a_warning()
        {
            var page = PageRenderer.Render(Typed("Back {{UntilRelative}}.", "text/plain"), null, null, Now);

            Assert.Equal("Back .", page.Content);
            Assert.Contains(page.Warnings, w => w.Contains("{{UntilRelative}}") && w.Contains("-Until"));
        }

        [Fact]
        public void Html_served_as_plain_text_is_a_warning()
        {
            var page = PageRenderer.Render(Typed("<!DOCTYPE html><p>Back soon</p>", "text/plain"), null, null, Now);

            Assert.Contains(page.Warnings, w => w.Contains("looks like HTML"));
        }

        [Fact]
        public void Json_that_does_not_parse_is_a_warning()
        {
            var page = PageRenderer.Render(Typed("{\"status\": maintenance}", "application/json"), null, null, Now);

            Assert.Contains(page.Warnings, w => w.Contains("not valid JSON"));
        }

        [Theory]
        [InlineData("page.html", null, "text/html")]
        [InlineData("page.txt", null, "text/plain")]
        [InlineData("page.json", null, "application/json")]
        [InlineData("page.txt", "text/html; charset=utf-8", "text/html")]
        [InlineData("page", "text/javascript", "application/javascript")]
        public void The_content_type_is_resolved_as_for_a_page(string source, string? declared, string expected)
        {
            var page = PageRenderer.Render(PageTemplate.FromText("{}", source, declared), null, null, Now);

            Assert.Equal(expected, page.ContentType);
        }

        [Fact]
        public void A_content_type_alb_refuses_is_UnsupportedContentType()
        {
            var error = Assert.Throws<PageException>(() => PageTemplate.FromText("x", "page.xml", "application/xml"));

            Assert.Equal(ErrorIds.UnsupportedContentType, error.ErrorId);
        }

        [Fact]
        public void Renders_a_page_as_it_is_served_with_its_type_and_source()
        {
            var source = PageTemplate.FromText("<p>{{Reason}}</p>", "s3://pages/down.html");

            var served = PageRenderer.Render(source, "DB", null, Now);

            Assert.Equal("<p>DB</p>", served.Content);
            Assert.Equal("text/html", served.ContentType);
            Assert.Equal("s3://pages/down.html", served.Source);
            Assert.True(served.Fits);
        }

        [Fact]
        public async Task The_loader_gives_a_template_over_the_limit_that_rendering_minifies_to_fit()
        {
            var path = Path.Combine(Path.GetTempPath(), "mm-template-" + Guid.NewGuid().ToString("N") + ".html");
            File.WriteAllText(path, "<html><body><h1>Back soon</h1>" + Spaces(2000) + "</body></html>", new UTF8Encoding(false));
            try
            {
                var template = await new PageLoader(null).LoadTemplateAsync(path, null, CancellationToken.None);

                Assert.True(RuleLimits.MessageBodyLength(template.Content) > RuleLimits.MaxMessageBodyCharacters);
                Assert.Equal("text/html", template.ContentType);
                Assert.True(PageRenderer.Render(template, null, null, Now).Minified);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task The_loader_refuses_a_template_that_is_not_utf8()
        {
            var path = Path.Combine(Path.GetTempPath(), "mm-template-" + Guid.NewGuid().ToString("N") + ".html");
            File.WriteAllBytes(path, new byte[] { 0x3C, 0x70, 0x3E, 0xE9, 0x3C });
            try
            {
                var error = await Assert.ThrowsAsync<PageException>(() => new PageLoader(null).LoadTemplateAsync(path, null, CancellationToken.None));

                Assert.Equal(ErrorIds.PageNotUtf8, error.ErrorId);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
