using System.Net;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Input
{
    public sealed class SecretMaskTests
    {
        private const string Secret = "Sekr3t value/+&=?#\"<x>é";

        private static SecretMask Mask()
        {
            var mask = new SecretMask();
            mask.Add(Secret);
            return mask;
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("escaped")]
        [InlineData("escaped-lower")]
        [InlineData("form")]
        [InlineData("form-lower")]
        [InlineData("html")]
        [InlineData("json")]
        public void Masks_every_spelling_of_a_secret(string spelling)
        {
            var form = spelling switch
            {
                "plain" => Secret,
                "escaped" => Uri.EscapeDataString(Secret),
                "escaped-lower" => LowerHex(Uri.EscapeDataString(Secret)),
                "form" => WebUtility.UrlEncode(Secret),
                "form-lower" => LowerHex(WebUtility.UrlEncode(Secret)),
                "html" => WebUtility.HtmlEncode(Secret),
                _ => System.Text.Json.JsonSerializer.Serialize(Secret).Trim('"'),
            };
            Assert.NotEqual(string.Empty, form);

            var masked = Mask().Apply($"Values.member.1={form}&Action=CreateRule");

            Assert.Equal("Values.member.1=********&Action=CreateRule", masked);
        }

        private static string LowerHex(string encoded) =>
            System.Text.RegularExpressions.Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());

        [Fact]
        public void Masks_a_secret_cut_off_at_the_end_of_an_excerpt()
        {
            var excerpt = "a body that is not an AWS response document: \"<x>" + Secret.Substring(0, 9) + "...\"";

            var masked = Mask().Apply(excerpt);

            Assert.DoesNotContain(Secret.Substring(0, 9), masked);
            Assert.EndsWith("<x>********...\"", masked);
        }

        [Fact]
        public void Leaves_text_without_secrets_alone()
        {
            Assert.Equal("CreateRule failed: Throttling...", Mask().Apply("CreateRule failed: Throttling..."));
            Assert.Equal("nothing", new SecretMask().Apply("nothing"));
        }

        [Fact]
        public void A_masked_exception_chain_keeps_types_and_words_but_no_secret()
        {
            var inner = new InvalidOperationException("AWS said: value " + Uri.EscapeDataString(Secret) + " is invalid");
            var outer = new MaintenanceModeException("Elbv2.ValidationError", ErrorKind.InvalidArgument, "CreateRule failed for " + Secret, inner);

            var copy = MaskedException.Of(outer, Mask());

            Assert.Equal(typeof(MaintenanceModeException).FullName, copy.OriginalType);
            Assert.Equal("CreateRule failed for ********", copy.Message);
            Assert.Equal("AWS said: value ******** is invalid", copy.InnerException!.Message);
            Assert.DoesNotContain(Secret, copy.ToString());
            Assert.DoesNotContain(Uri.EscapeDataString(Secret), copy.ToString());
            Assert.Contains("System.InvalidOperationException", copy.ToString());
            Assert.DoesNotContain(SecretFreeExceptionTests.StringsIn(copy), s => s.Contains(Secret) || s.Contains(Uri.EscapeDataString(Secret)));
        }
    }
}
