using System.Runtime.Loader;
using Amazon.Runtime;
using MaintenanceMode.Aws;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Session
{
    public class AwsSessionCredentialConverterTests
    {
        [Fact]
        public void OwnCredentialsArePassedThrough()
        {
            var own = new BasicAWSCredentials("AKID", "secret");

            Assert.Same(own, AwsSessionCredentialConverter.Convert(own));
        }

        [Fact]
        public void AccessKeyCredentialBecomesBasicCredentials()
        {
            var converted = AwsSessionCredentialConverter.Convert(new AccessKeyCredential("AKID", "secret"));

            Assert.IsType<BasicAWSCredentials>(converted);
            var keys = converted.GetCredentials();
            Assert.Equal("AKID", keys.AccessKey);
            Assert.Equal("secret", keys.SecretKey);
            Assert.False(keys.UseToken);
        }

        [Fact]
        public void AccessKeyCredentialWithTokenBecomesSessionCredentials()
        {
            var keys = AwsSessionCredentialConverter.Convert(new AccessKeyCredential("ASIA", "secret", "token")).GetCredentials();

            Assert.Equal("token", keys.Token);
        }

        [Fact]
        public void AnyObjectWithAccessKeyAndSecretKeyPropertiesIsAccepted()
        {
            var keys = AwsSessionCredentialConverter.Convert(new { AccessKey = "AKIDANON", SecretKey = "anon-secret", SessionToken = "anon-token" }).GetCredentials();

            Assert.Equal("AKIDANON", keys.AccessKey);
            Assert.Equal("anon-secret", keys.SecretKey);
            Assert.Equal("anon-token", keys.Token);
        }

        [Fact]
        public void AnObjectWithGetCredentialsIsAskedOnEveryRequestSoRefreshingCredentialsKeepRefreshing()
        {
            var foreign = new RotatingForeignCredentials();

            var converted = AwsSessionCredentialConverter.Convert(foreign);
            var first = converted.GetCredentials();
            var second = converted.GetCredentials();

            // Call 1 was the conversion's own check; every request after it asks again.
            Assert.Equal("AKID2", first.AccessKey);
            Assert.Equal("AKID3", second.AccessKey);
            Assert.Equal("secret-3", second.SecretKey);
            Assert.Equal("token-3", second.Token);
        }

        [Fact]
        public void CredentialsFromAnotherCopyOfAwsSdkCoreAreReadByShape()
        {
            // The same AWSSDK.Core file in a second load context is a different type identity: exactly the
            // situation of an AWS.Tools credential (its AWSSDK.Core lives in the default context).
            var context = new AssemblyLoadContext("foreign-awssdk", isCollectible: true);
            try
            {
                var foreignCore = context.LoadFromAssemblyPath(typeof(AWSCredentials).Assembly.Location);
                var foreignType = foreignCore.GetType("Amazon.Runtime.SessionAWSCredentials", throwOnError: true)!;
                var foreign = Activator.CreateInstance(foreignType, "ASIAFOREIGN", "foreign-secret", "foreign-token")!;
                Assert.False(foreign is AWSCredentials);

                var keys = AwsSessionCredentialConverter.Convert(foreign).GetCredentials();

                Assert.Equal("ASIAFOREIGN", keys.AccessKey);
                Assert.Equal("foreign-secret", keys.SecretKey);
                Assert.Equal("foreign-token", keys.Token);
            }
            finally
            {
                context.Unload();
            }
        }

        [Theory]
        [InlineData("AKID")]
        [InlineData(42)]
        public void UnsupportedObjectsAreCredentialNotSupportedNamingTheType(object credential)
        {
            var error = Assert.Throws<AwsSessionException>(() => AwsSessionCredentialConverter.Convert(credential));

            Assert.Equal(ErrorIds.CredentialNotSupported, error.ErrorId);
            Assert.Contains(credential.GetType().FullName!, error.Message);
            Assert.Contains("PSCredential", error.Message);
            Assert.Same(credential, error.Target);
        }

        [Fact]
        public void EmptySecretIsCredentialNotSupported()
        {
            var error = Assert.Throws<AwsSessionException>(() => AwsSessionCredentialConverter.Convert(new AccessKeyCredential("AKID", "")));

            Assert.Equal(ErrorIds.CredentialNotSupported, error.ErrorId);
        }

        [Fact]
        public void AForeignCredentialThatCannotProduceKeysFailsAtConversion()
        {
            var error = Assert.Throws<AwsSessionException>(() => AwsSessionCredentialConverter.Convert(new ExpiredForeignCredentials()));

            Assert.Equal(ErrorIds.CredentialsNotResolved, error.ErrorId);
            Assert.Contains("the SSO token has expired", error.Message);
        }

        [Fact]
        public void AForeignCredentialReturningKeysWithoutSecretIsCredentialNotSupported()
        {
            var error = Assert.Throws<AwsSessionException>(() => AwsSessionCredentialConverter.Convert(new HalfForeignCredentials()));

            Assert.Equal(ErrorIds.CredentialNotSupported, error.ErrorId);
        }

        /// <summary>Shaped like Amazon.Runtime.AWSCredentials of another AWSSDK.Core: keys change on every call.</summary>
        private sealed class RotatingForeignCredentials
        {
            private int _calls;

            public ForeignKeys GetCredentials()
            {
                _calls++;
                return new ForeignKeys { AccessKey = "AKID" + _calls, SecretKey = "secret-" + _calls, Token = "token-" + _calls };
            }
        }

        private sealed class ExpiredForeignCredentials
        {
            public ForeignKeys GetCredentials() => throw new InvalidOperationException("the SSO token has expired");
        }

        private sealed class HalfForeignCredentials
        {
            public ForeignKeys GetCredentials() => new ForeignKeys { AccessKey = "AKID" };
        }

        /// <summary>Shaped like Amazon.Runtime.ImmutableCredentials of another AWSSDK.Core.</summary>
        private sealed class ForeignKeys
        {
            public string? AccessKey { get; set; }

            public string? SecretKey { get; set; }

            public string? Token { get; set; }
        }
    }
}
