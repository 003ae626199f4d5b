using System.Text;
using MaintenanceMode.Errors;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Tests.Page
{
    /// <summary>
    /// A page as the cmdlets serve it: decoded and typed (<see cref="PageTemplate"/>), then rendered and held to
    /// ALB's limit (<see cref="PageRenderer"/>).
    /// </summary>
    public sealed class ServedPageTests
    {
        private const string Source = "page.txt";
        private static readonly DateTimeOffset Now = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

        private static RenderedPage Served(PageTemplate template) => PageRenderer.Render(template, null, null, Now);

        private static RenderedPage FromText(string content, string source = Source, string? declared = null) =>
            Served(PageTemplate.FromText(content, source, declared));

        private static RenderedPage FromBytes(byte[] bytes, string source = Source) => Served(PageTemplate.FromBytes(bytes, source));

        private static PageException Refused(string content, string source = Source) =>
            Assert.Throws<PageException>(() => FromText(content, source));

        [Fact]
        public void A_page_of_exactly_1024_ascii_characters_is_accepted()
        {
            RenderedPage page = FromText(new string('a', 1024), Source);

            Assert.Equal(1024, page.Characters);
        }

        [Fact]
        public void A_page_of_1025_characters_is_refused_with_size_limit_and_overshoot()
        {
            PageException ex = Refused(new string('a', 1025));

            Assert.Equal("PageTooLarge", ex.ErrorId);
            Assert.Contains("1025", ex.Message);
            Assert.Contains("1024", ex.Message);
            Assert.Contains("1 over", ex.Message);
            Assert.Contains("-RedirectUrl", ex.Message);
            Assert.Contains("Shorten", ex.Message);
        }

        [Theory]
        [InlineData('é')] // two UTF-8 bytes
        [InlineData('日')] // three UTF-8 bytes
        public void Characters_are_counted_not_bytes(char letter)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(new string(letter, 1024));
            Assert.True(bytes.Length > 1024);

            RenderedPage page = FromBytes(bytes, Source);
            Assert.Equal(1024, page.Characters);

            var ex = Assert.Throws<PageException>(() => FromBytes(Encoding.UTF8.GetBytes(new string(letter, 1025)), Source));
            Assert.Equal(ErrorIds.PageTooLarge, ex.ErrorId);
            Assert.Contains("1 over", ex.Message);
        }

        [Fact]
        public void A_character_outside_the_basic_plane_counts_as_two()
        {
            string emoji = "\U0001F6A7"; // construction sign: a surrogate pair in UTF-16
            Assert.Equal(1024, FromText(string.Concat(Enumerable.Repeat(emoji, 512)), Source).Characters);

            PageException ex = Refused(string.Concat(Enumerable.Repeat(emoji, 512)) + "a");
            Assert.Contains("1 over", ex.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   \r\n\t ")]
        [InlineData("\uFEFF")]
        public void An_empty_or_blank_page_is_refused(string content)
        {
            Assert.Equal("PageEmpty", Refused(content).ErrorId);
        }

        [Fact]
        public void Empty_bytes_are_refused_as_empty()
        {
            var ex = Assert.Throws<PageException>(() => FromBytes(Array.Empty<byte>(), Source));
            Assert.Equal(ErrorIds.PageEmpty, ex.ErrorId);
        }

        [Theory]
        [InlineData(new byte[] { 0x4F, 0x4B, 0xC3, 0x28 }, 2)] // a lead byte followed by ASCII
        [InlineData(new byte[] { 0xFF, 0x41 }, 0)] // a byte UTF-8 never uses
        [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xE9 }, 3)] // "café" in Latin-1
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)] // an encoded surrogate
        public void Invalid_utf8_is_refused_naming_the_first_bad_byte(byte[] bytes, int badByte)
        {
            var ex = Assert.Throws<PageException>(() => FromBytes(bytes, Source));

            Assert.Equal("PageNotUtf8", ex.ErrorId);
            Assert.Contains($"at byte {badByte}", ex.Message);
            Assert.Contains("UTF-8", ex.Message);
        }

        [Fact]
        public void A_utf8_bom_is_stripped_and_not_counted()
        {
            byte[] bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(new string('é', 1024))).ToArray();

            RenderedPage page = FromBytes(bytes, Source);

            Assert.Equal(1024, page.Content.Length);
            Assert.Equal('é', page.Content[0]);
        }

        [Fact]
        public void A_bom_in_the_middle_is_content_and_kept()
        {
            Assert.Equal("a\uFEFFb", FromText("\uFEFFa\uFEFFb", Source).Content);
        }

        [Theory]
        [InlineData("page.html", "text/html")]
        [InlineData("page.HTM", "text/html")]
        [InlineData("notice.txt", "text/plain")]
        [InlineData("s3://b-1/site/style.css", "text/css")]
        [InlineData("app.js", "application/javascript")]
        [InlineData("status.json", "application/json")]
        [InlineData("maintenance", "text/html")]
        [InlineData("page.md", "text/html")]
        public void Without_a_declared_type_the_extension_decides_else_html(string source, string expected)
        {
            Assert.Equal(expected, FromText("x", source).ContentType);
        }

        [Theory]
        [InlineData("text/plain", "text/plain")]
        [InlineData("TEXT/HTML; charset=utf-8", "text/html")]
        [InlineData("application/json;charset=UTF-8", "application/json")]
        [InlineData(" text/css ", "text/css")]
        [InlineData("text/javascript", "application/javascript")]
        public void A_declared_type_wins_over_the_extension_and_loses_its_parameters(string declared, string expected)
        {
            Assert.Equal(expected, FromText("x", "page.html", declared).ContentType);
        }

        [Theory]
        [InlineData("binary/octet-stream")]
        [InlineData("application/octet-stream")]
        [InlineData("")]
        public void The_generic_type_of_an_untyped_upload_falls_back_to_the_extension(string declared)
        {
            Assert.Equal("text/plain", FromText("x", "notice.txt", declared).ContentType);
        }

        [Theory]
        [InlineData("image/png")]
        [InlineData("application/xml")]
        [InlineData("text/csv; charset=utf-8")]
        public void A_type_alb_does_not_accept_is_refused_listing_the_allowed_ones(string declared)
        {
            var ex = Assert.Throws<PageException>(() => FromText("x", "page.html", declared));

            Assert.Equal("UnsupportedContentType", ex.ErrorId);
            Assert.Contains(declared, ex.Message);
            foreach (string allowed in PageContentType.Allowed)
            {
                Assert.Contains(allowed, ex.Message);
            }
        }
    }
}
