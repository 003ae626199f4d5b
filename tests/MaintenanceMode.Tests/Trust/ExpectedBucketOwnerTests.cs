using MaintenanceMode.Errors;
using MaintenanceMode.Identity;

namespace MaintenanceMode.Tests.Trust
{
    /// <summary>S3 requests never go without an expected bucket owner: the caller's, -AccountId's, the listener's, or none sent.</summary>
    public class ExpectedBucketOwnerTests
    {
        private const string Listener = "arn:aws:elasticloadbalancing:eu-west-1:210987654321:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";

        [Fact]
        public async Task The_callers_account_comes_first()
        {
            var owner = new ExpectedBucketOwner(new FakeCallerIdentity("arn:aws:iam::123456789012:user/ops"));
            owner.GivenAccountId("111111111111");
            owner.ListenerIs(Listener);
            Assert.Equal("123456789012", await owner.ForRequestAsync(CancellationToken.None));
        }

        [Fact]
        public async Task Without_the_caller_AccountId_is_named()
        {
            var owner = new ExpectedBucketOwner(new FakeCallerIdentity(null));
            owner.GivenAccountId("111111111111");
            owner.ListenerIs(Listener);
            Assert.Equal("111111111111", await owner.ForRequestAsync(CancellationToken.None));
        }

        [Fact]
        public async Task Without_the_caller_or_AccountId_the_listeners_account_is_named()
        {
            var owner = new ExpectedBucketOwner(new FakeCallerIdentity(null));
            owner.ListenerIs(Listener);
            Assert.Equal("210987654321", await owner.ForRequestAsync(CancellationToken.None));
        }

        [Fact]
        public async Task With_no_account_known_the_request_is_refused()
        {
            var owner = new ExpectedBucketOwner(new FakeCallerIdentity(null));
            var error = await Assert.ThrowsAsync<MaintenanceModeException>(() => owner.ForRequestAsync(CancellationToken.None));
            Assert.Equal(ExpectedBucketOwner.UnknownErrorId, error.ErrorId);
            Assert.Contains("-AccountId", error.Message);
        }

        [Fact]
        public async Task A_read_before_the_listeners_waits_for_the_first_and_is_refused_when_none_comes()
        {
            var owner = new ExpectedBucketOwner(new FakeCallerIdentity(null));
            owner.ListenersWillFollow();
            var pending = owner.ForRequestAsync(CancellationToken.None);
            Assert.False(pending.IsCompleted);
            owner.ListenerIs(Listener);
            Assert.Equal("210987654321", await pending);

            var none = new ExpectedBucketOwner(new FakeCallerIdentity(null));
            none.ListenersWillFollow();
            var waiting = none.ForRequestAsync(CancellationToken.None);
            none.NoMoreListeners();
            var error = await Assert.ThrowsAsync<MaintenanceModeException>(() => waiting);
            Assert.Equal(ExpectedBucketOwner.UnknownErrorId, error.ErrorId);
        }
    }
}
