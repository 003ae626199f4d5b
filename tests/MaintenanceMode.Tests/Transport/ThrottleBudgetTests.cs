using System.Net;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Transport
{
    /// <summary>Sustained throttling: the throttling budget, the pacer, and a long run against a small bucket.</summary>
    public class ThrottleBudgetTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public ThrottleBudgetTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

        private static Elbv2Exception Throttling(string action) =>
            new Elbv2Exception("Throttling", "Rate exceeded", action, Elbv2ErrorType.Sender, HttpStatusCode.BadRequest, isRetryable: true);

        private static Elbv2Exception Unavailable(string action) =>
            new Elbv2Exception("ServiceUnavailable", "Unavailable", action, Elbv2ErrorType.Receiver, HttpStatusCode.ServiceUnavailable, isRetryable: true);

        private static (QueryTransportOptions Options, FakeRetryClock Clock) FakeTime(RetryPolicy policy, Func<double>? random = null)
        {
            var clock = new FakeRetryClock();
            return (new QueryTransportOptions { RetryPolicy = policy, Delay = clock.Delay, UtcNow = () => clock.Now, NextRandom = random ?? (() => 0.5) }, clock);
        }

        [Fact]
        public void The_default_policy_gives_throttling_more_attempts_and_time_than_other_transient_errors()
        {
            var policy = RetryPolicy.Default;

            Assert.Equal(5, policy.Transient.MaxAttempts);
            Assert.Equal(TimeSpan.FromMinutes(2), policy.Transient.TimeBudget);
            Assert.Equal(10, policy.Throttling.MaxAttempts);
            Assert.Equal(TimeSpan.FromMinutes(3), policy.Throttling.TimeBudget);
            // Ceilings 0.5, 1, 2, 4, then 5 s (capped) five times: 32.5 s at most in backoff, well inside the time budget,
            // so it is the attempts that bound a throttled call, and a call never waits more than 5 s at once.
            Assert.Equal(new[] { 0.5, 1, 2, 4, 5, 5, 5, 5, 5 }, Enumerable.Range(1, 9).Select(r => policy.Throttling.BackoffCeiling(r).TotalSeconds));
            Assert.Equal(TimeSpan.FromSeconds(32.5), policy.Throttling.WorstCaseBackoff());
            Assert.True(policy.Throttling.WorstCaseBackoff() < policy.Throttling.TimeBudget);
        }

        [Fact]
        public void A_policy_without_a_throttling_budget_treats_throttling_like_any_transient_error()
        {
            var policy = new RetryPolicy(maxAttempts: 3);

            Assert.Same(policy.Transient, policy.Throttling);
            Assert.Same(policy.Transient, policy.BudgetFor(Throttling("CreateRule")));
        }

        [Fact]
        public async Task Throttling_is_retried_within_its_own_budget_and_other_errors_within_theirs()
        {
            var (options, _) = FakeTime(RetryPolicy.Default);
            var runner = new RetryRunner(RetryPolicy.Default, options);
            var throttledAttempts = 0;
            var throttled = await Assert.ThrowsAsync<Elbv2RetriesExhaustedException>(() =>
                runner.RunAsync<int>("CreateRule", _ => { throttledAttempts++; throw Throttling("CreateRule"); }, CancellationToken.None));
            var failedAttempts = 0;
            var failed = await Assert.ThrowsAsync<Elbv2RetriesExhaustedException>(() =>
                runner.RunAsync<int>("DeleteRule", _ => { failedAttempts++; throw Unavailable("DeleteRule"); }, CancellationToken.None));

            Assert.Equal(10, throttledAttempts);
            Assert.Equal(10, throttled.Attempts);
            Assert.Contains("allows 10 attempts while throttled", throttled.Message);
            Assert.Equal(5, failedAttempts);
            Assert.Equal(5, failed.Attempts);
        }

        [Fact]
        public void The_pacer_halves_the_rate_once_for_calls_throttled_together_and_recovers_with_successes()
        {
            var clock = new FakeRetryClock();
            var pacer = new ThrottlePacer(() => clock.Now, clock.Delay);
            var sent = clock.Now;

            pacer.Throttled(sent);
            Assert.Equal(ThrottlePacer.FirstInterval, pacer.Interval);
            // Five more answers to requests sent before that slowdown: no further slowdown.
            for (var i = 0; i < 5; i++) pacer.Throttled(sent);
            Assert.Equal(ThrottlePacer.FirstInterval, pacer.Interval);

            clock.Delay(TimeSpan.FromTicks(1), CancellationToken.None);
            pacer.Throttled(clock.Now);
            Assert.Equal(200, pacer.Interval.TotalMilliseconds, precision: 3);

            pacer.Succeeded();
            Assert.Equal(180, pacer.Interval.TotalMilliseconds, precision: 3);
            for (var i = 0; i < 30; i++) pacer.Succeeded();
            Assert.Equal(TimeSpan.Zero, pacer.Interval);
        }

        [Fact]
        public void The_pacer_never_waits_more_than_its_cap()
        {
            var clock = new FakeRetryClock();
            var pacer = new ThrottlePacer(() => clock.Now, clock.Delay);
            for (var i = 0; i < 20; i++)
            {
                clock.Delay(TimeSpan.FromMilliseconds(1), CancellationToken.None);
                pacer.Throttled(clock.Now);
            }

            Assert.Equal(ThrottlePacer.MaxInterval, pacer.Interval);
        }

        [Fact]
        public async Task Requests_after_a_throttling_answer_are_spaced_by_the_interval()
        {
            var clock = new FakeRetryClock();
            var pacer = new ThrottlePacer(() => clock.Now, clock.Delay);
            Assert.Equal(clock.Now, await pacer.WaitTurnAsync(CancellationToken.None));
            Assert.Empty(clock.Delays);

            pacer.Throttled(clock.Now);
            var turns = new List<DateTimeOffset>();
            for (var i = 0; i < 3; i++) turns.Add(await pacer.WaitTurnAsync(CancellationToken.None));

            // The first waits a full interval after the throttling answer, the others an interval after each other.
            var start = turns[0] - ThrottlePacer.FirstInterval;
            Assert.Equal(new[] { 100.0, 200, 300 }, turns.Select(t => (t - start).TotalMilliseconds));
        }

        [Fact]
        public async Task Reads_and_writes_are_paced_apart()
        {
            var (options, clock) = FakeTime(RetryPolicy.Default);
            var runner = new RetryRunner(RetryPolicy.Default, options);
            var attempts = 0;
            await runner.RunAsync("CreateRule", _ => ++attempts == 1 ? throw Throttling("CreateRule") : Task.FromResult(0), CancellationToken.None);

            Assert.True(runner.PacerFor("CreateRule").Interval > TimeSpan.Zero);
            Assert.Equal(TimeSpan.Zero, runner.PacerFor("DescribeRules").Interval);
        }

        /// <summary>
        /// An account's write bucket of one call a second, or one every four seconds (burst 1), and a plan of 60 calls:
        /// every call succeeds with attempts to spare, and the pacer keeps the throttled attempts to about one per call.
        /// </summary>
        [Theory]
        [InlineData(1, 1.0)]
        [InlineData(7, 1.0)]
        [InlineData(1, 0.25)]
        [InlineData(7, 0.25)]
        [InlineData(42, 0.25)]
        public async Task A_long_plan_under_sustained_throttling_completes(int seed, double rate)
        {
            var random = new Random(seed);
            var (options, clock) = FakeTime(RetryPolicy.Default, () => random.NextDouble());
            var runner = new RetryRunner(RetryPolicy.Default, options);
            var bucket = new FakeTokenBucket(clock, rate, burst: 1);
            var most = 0;

            for (var call = 0; call < 60; call++)
            {
                var attempts = 0;
                await runner.RunAsync("CreateRule", _ => ++attempts > 0 && bucket.Take() ? Task.FromResult(0) : throw Throttling("CreateRule"), CancellationToken.None);
                most = Math.Max(most, attempts);
            }

            _output.WriteLine($"rate {rate}/s, seed {seed}: {bucket.Refused} throttled attempts for 60 calls, at most {most} attempts for one call, {(clock.Now - bucket.Start).TotalSeconds:0} s");
            Assert.Equal(60, bucket.Taken);
            // 60 calls take 59 refills however they are sent.
            Assert.True(clock.Now - bucket.Start >= TimeSpan.FromSeconds(59 / rate));
            Assert.True(most < RetryPolicy.Default.Throttling.MaxAttempts, $"a call needed {most} attempts");
            // About one throttled attempt per call at most: the pacer, not the retries, sets the pace.
            Assert.True(bucket.Refused <= 60 * 1.1, $"{bucket.Refused} throttled attempts");
        }

        [Fact]
        public async Task Without_the_throttling_budget_the_same_plan_gives_up()
        {
            // The budget of old: throttling retried like a 500 (5 attempts, 250 ms base). The same bucket, seed 1.
            var random = new Random(1);
            var old = new RetryPolicy();
            var (options, clock) = FakeTime(old, () => random.NextDouble());
            var runner = new RetryRunner(old, options);
            var bucket = new FakeTokenBucket(clock, rate: 0.25, burst: 1);

            await Assert.ThrowsAsync<Elbv2RetriesExhaustedException>(async () =>
            {
                for (var call = 0; call < 60; call++)
                {
                    await runner.RunAsync("CreateRule", _ => bucket.Take() ? Task.FromResult(0) : throw Throttling("CreateRule"), CancellationToken.None);
                }
            });
        }

        /// <summary>An account's API bucket on the fake clock: refills at a rate, holds at most a burst.</summary>
        private sealed class FakeTokenBucket
        {
            private readonly FakeRetryClock _clock;
            private readonly double _rate;
            private readonly double _burst;
            private double _tokens;
            private DateTimeOffset _stamp;

            public FakeTokenBucket(FakeRetryClock clock, double rate, double burst)
            {
                _clock = clock;
                _rate = rate;
                _burst = burst;
                _tokens = burst;
                _stamp = Start = clock.Now;
            }

            public DateTimeOffset Start { get; }

            public int Taken { get; private set; }

            public int Refused { get; private set; }

            public bool Take()
            {
                _tokens = Math.Min(_burst, _tokens + (_clock.Now - _stamp).TotalSeconds * _rate);
                _stamp = _clock.Now;
                if (_tokens < 1)
                {
                    Refused++;
                    return false;
                }

                _tokens -= 1;
                Taken++;
                return true;
            }
        }
    }
}
