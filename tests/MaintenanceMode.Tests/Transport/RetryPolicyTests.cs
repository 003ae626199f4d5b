using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Transport
{
    public class RetryPolicyTests
    {
        [Fact]
        public void The_backoff_ceiling_doubles_from_the_base_delay_up_to_the_cap_without_overflowing()
        {
            var policy = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(1));

            Assert.Equal(TimeSpan.FromMilliseconds(100), policy.BackoffCeiling(1));
            Assert.Equal(TimeSpan.FromMilliseconds(200), policy.BackoffCeiling(2));
            Assert.Equal(TimeSpan.FromMilliseconds(800), policy.BackoffCeiling(4));
            Assert.Equal(TimeSpan.FromSeconds(1), policy.BackoffCeiling(5));
            Assert.Equal(TimeSpan.FromSeconds(1), policy.BackoffCeiling(10_000));
        }

        [Theory]
        [InlineData(0.0, 0)]
        [InlineData(0.25, 100)]
        [InlineData(0.999, 399.6)]
        public void Full_jitter_scales_the_ceiling_by_the_random_value(double random, double expectedMs)
        {
            var policy = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(10));

            Assert.Equal(expectedMs, policy.Backoff(3, random).TotalMilliseconds, precision: 3);
        }

        [Fact]
        public void Nonsense_settings_are_rejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(maxAttempts: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(baseDelay: TimeSpan.FromSeconds(-1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(attemptTimeout: TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => RetryPolicy.Default.Backoff(1, 1.0));
        }

        [Theory]
        [InlineData("Throttling", 400, true)]
        [InlineData("ThrottlingException", 400, true)]
        [InlineData("PriorRequestNotComplete", 429, true)]
        [InlineData("SomethingNew", 503, true)]
        [InlineData("PriorityInUse", 400, false)]
        [InlineData("TooManyRules", 400, false)]
        [InlineData("AccessDenied", 403, false)]
        public void Retryable_errors_are_throttling_codes_and_transient_statuses(string code, int status, bool retryable)
        {
            Assert.Equal(retryable, RetryableErrors.IsRetryable(code, (System.Net.HttpStatusCode)status));
        }
    }
}
