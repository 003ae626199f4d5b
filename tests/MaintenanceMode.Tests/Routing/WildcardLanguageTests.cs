using MaintenanceMode.Routing;

namespace MaintenanceMode.Tests.Routing
{
    public class WildcardLanguageTests
    {
        [Theory]
        [InlineData("/health", "/health", false, true)]
        [InlineData("/health", "/Health", false, false)]
        [InlineData("status.example.com", "STATUS.example.COM", true, true)]
        [InlineData("/api/*", "/api/v1", false, true)]
        [InlineData("/api/*", "/web/*", false, false)]
        [InlineData("/*/api", "/shop/*", false, true)]
        [InlineData("/a?c", "/ab*", false, true)]
        [InlineData("/a?c", "/abcd*", false, false)]
        [InlineData("*.json", "/api/*", false, true)]
        [InlineData("/x", "/x?", false, false)]
        [InlineData("/x*", "/x", false, true)]
        public void Intersects_finds_a_shared_value_exactly(string p, string q, bool ignoreCase, bool expected)
        {
            Assert.Equal(expected, WildcardLanguage.Intersects(p, q, ignoreCase));
            Assert.Equal(expected, WildcardLanguage.Intersects(q, p, ignoreCase));
        }

        [Theory]
        [InlineData("/webhooks/*", "/webhooks/stripe", false, true)]
        [InlineData("/webhooks/*", "/webhooks/*/events", false, true)]
        [InlineData("/webhooks/*/events", "/webhooks/*", false, false)]
        [InlineData("/*", "/?*", false, true)]
        [InlineData("/?*", "/*", false, false)]
        [InlineData("/a*b*", "/a*b", false, true)]
        [InlineData("/a*b", "/a*b*", false, false)]
        [InlineData("/a*", "/a?*", false, true)]
        [InlineData("/A*", "/a*", false, false)]
        [InlineData("*.example.com", "STATUS.EXAMPLE.COM", true, true)]
        [InlineData("*.example.com", "status.example.org", true, false)]
        [InlineData("*.example.com", "*.*.example.com", true, true)]
        [InlineData("*.*.example.com", "*.example.com", true, false)]
        [InlineData("*a*a*", "*aa*", false, true)]
        [InlineData("*aa*", "*a*a*", false, false)]
        public void Contains_decides_whether_every_value_of_one_matches_the_other(string outer, string inner, bool ignoreCase, bool expected)
        {
            Assert.Equal(expected, WildcardLanguage.Contains(outer, inner, ignoreCase));
        }

        /// <summary>
        /// Against brute force on a two-letter alphabet: every word up to length 6 is checked, so a wrong
        /// "contains" (a word of inner that outer misses) or a wrong "intersects" would show.
        /// </summary>
        [Fact]
        public void Intersects_and_Contains_agree_with_brute_force_on_short_patterns()
        {
            var random = new Random(14);
            var words = Words("ab", 6).ToList();
            for (var n = 0; n < 400; n++)
            {
                var p = Pattern(random);
                var q = Pattern(random);
                var inP = words.Where(w => WildcardPattern.IsMatch(p, w, ignoreCase: false)).ToList();
                var inQ = new HashSet<string>(words.Where(w => WildcardPattern.IsMatch(q, w, ignoreCase: false)));
                var shared = inP.Any(inQ.Contains);
                Assert.True(shared == WildcardLanguage.Intersects(p, q, ignoreCase: false), $"Intersects('{p}', '{q}')");

                // A pattern of at most 3 literals and wildcards that misses a word of the other misses a short one.
                var contained = inP.All(inQ.Contains);
                Assert.True(contained == WildcardLanguage.Contains(q, p, ignoreCase: false), $"Contains('{q}', '{p}')");
            }
        }

        private static string Pattern(Random random)
        {
            const string symbols = "ab*?";
            return new string(Enumerable.Range(0, 1 + random.Next(4)).Select(_ => symbols[random.Next(symbols.Length)]).ToArray());
        }

        private static IEnumerable<string> Words(string alphabet, int maxLength)
        {
            var current = new List<string> { string.Empty };
            yield return string.Empty;
            for (var length = 1; length <= maxLength; length++)
            {
                current = current.SelectMany(w => alphabet.Select(c => w + c)).ToList();
                foreach (var word in current)
                {
                    yield return word;
                }
            }
        }
    }
}
