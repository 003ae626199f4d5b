using MaintenanceMode.Identity;

namespace MaintenanceMode.Tests.Session
{
    public class CallerAccountTests
    {
        private sealed class CountingIdentity : ICallerIdentity
        {
            private readonly Func<string?> _answer;

            public CountingIdentity(Func<string?> answer) => _answer = answer;

            public int Calls { get; private set; }

            public Task<string?> GetCallerArnAsync(CancellationToken cancellationToken)
            {
                Calls++;
                return Task.FromResult(_answer());
            }
        }

        [Theory]
        [InlineData("arn:aws:sts::123456789012:assumed-role/deploy/ci", "123456789012")]
        [InlineData("arn:aws-cn:iam::210987654321:user/ops", "210987654321")]
        [InlineData("arn:aws:iam::12345:user/short", null)]
        [InlineData("not an arn", null)]
        [InlineData(null, null)]
        public void The_account_is_the_fifth_field_of_the_caller_arn(string? arn, string? account)
        {
            Assert.Equal(account, CallerAccount.FromArn(arn));
        }

        [Fact]
        public async Task The_caller_is_asked_once_for_the_audit_fields_and_every_S3_call()
        {
            var identity = new CountingIdentity(() => "arn:aws:sts::123456789012:assumed-role/deploy/ci");
            var caller = new CallerAccount(identity);

            Assert.Equal("123456789012", await caller.GetAccountIdAsync(CancellationToken.None));
            Assert.Equal("123456789012", await caller.GetAccountIdAsync(CancellationToken.None));
            Assert.Equal("arn:aws:sts::123456789012:assumed-role/deploy/ci", await caller.GetCallerArnAsync(CancellationToken.None));
            Assert.Equal(1, identity.Calls);
        }

        [Fact]
        public async Task A_lookup_that_throws_leaves_no_owner_rather_than_failing_the_command()
        {
            var caller = new CallerAccount(new CountingIdentity(() => throw new InvalidOperationException("no pipeline thread")));

            Assert.Null(await caller.GetAccountIdAsync(CancellationToken.None));
            Assert.Null(await caller.GetCallerArnAsync(CancellationToken.None));
        }
    }
}
