using MaintenanceMode.Errors;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Tests.Input
{
    public sealed class PageTokenContextTests
    {
        [Theory]
        [InlineData("<script>var r = '{{Reason}}';</script>", "inline <script>")]
        [InlineData("<SCRIPT type=module>let u = `{{ until }}`</SCRIPT>", "inline <script>")]
        [InlineData("<style>p::after { content: '{{Reason}}' }</style>", "inline <style>")]
        [InlineData("<button onclick=\"alert('{{Reason}}')\">x</button>", "event handler onclick=")]
        [InlineData("<p title=\"a\"onmouseover='x(\"{{UntilRelative}}\")'>x</p>", "event handler onmouseover=")]
        [InlineData("<p style=\"color: {{Reason}}\">x</p>", "style= attribute")]
        [InlineData("<a href=\"{{Reason}}\">status</a>", "URL attribute href=")]
        [InlineData("<img src='/x.png?{{Until}}'>", "URL attribute src=")]
        [InlineData("<form action=\"{{Reason}}\"></form>", "URL attribute action=")]
        [InlineData("<meta http-equiv=\"refresh\" content=\"5; url={{Reason}}\">", "URL attribute content=")]
        [InlineData("<p title={{Reason}}>x</p>", "unquoted attribute title=")]
        [InlineData("<p {{Reason}}>x</p>", "as an attribute name")]
        public void Refuses_a_text_token_where_HTML_encoding_does_not_protect_it(string page, string where)
        {
            var error = Assert.Throws<PageException>(() => PageTokenContext.Check("<html>" + page + "</html>", PageContentType.Html, "page.html"));

            Assert.Equal(ErrorIds.UnsafeTokenContext, error.ErrorId);
            Assert.Contains(where, error.Message);
            Assert.Contains("{{UntilIso}}", error.Message);
        }

        [Theory]
        [InlineData("<p>{{Reason}} until {{Until}} ({{UntilRelative}})</p>")]
        [InlineData("<p title=\"{{Reason}}\" data-until='{{Until}}'>x</p>")]
        [InlineData("<meta name=\"description\" content=\"{{Reason}}\">")]
        [InlineData("<script>var end = new Date('{{UntilIso}}');</script><p>{{Reason}}</p>")]
        [InlineData("<a href=\"https://status.example.com/\" title=\"{{Reason}}\">status</a>")]
        [InlineData("<p>a < b and {{Reason}}</p>")]
        public void Takes_text_tokens_in_text_and_quoted_attributes_and_UntilIso_anywhere(string page)
        {
            PageTokenContext.Check("<html>" + page + "</html>", PageContentType.Html, "page.html");
        }

        [Fact]
        public void Leaves_pages_that_are_not_HTML_to_their_own_encoders()
        {
            PageTokenContext.Check("<script>{{Reason}}</script>", PageContentType.PlainText, "page.txt");
            PageTokenContext.Check("var r = `{{Reason}}`;", PageContentType.JavaScript, "page.js");
        }

        [Fact]
        public void Rendering_refuses_the_page_before_filling_it()
        {
            var template = PageTemplate.FromText("<html><script>alert('{{Reason}}')</script></html>", "page.html");

            var error = Assert.Throws<PageException>(() => PageRenderer.Render(template, "x", null, DateTimeOffset.UnixEpoch));

            Assert.Equal(ErrorIds.UnsafeTokenContext, error.ErrorId);
        }

        [Fact]
        public void A_script_value_cannot_end_or_interpolate_a_template_literal()
        {
            var encoded = PageValueEncoder.Encode("`+alert(1)+` ${alert(2)}", PageContentType.JavaScript);

            Assert.DoesNotContain("`", encoded);
            Assert.DoesNotContain("${", encoded);
            Assert.Equal("\\u0060+alert(1)+\\u0060 \\u0024{alert(2)}", encoded);
        }
    }
}
