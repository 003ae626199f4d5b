using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Tests.Elbv2;
using MaintenanceMode.Reporting;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.AwsBehaviour
{
    /// <summary>
    /// Issue 11 §2.4: the rules-per-load-balancer quota is the account's (DescribeAccountLimits), read once
    /// per command; when IAM denies that call, ALB's default of 100 is assumed and the operator is told.
    /// </summary>
    public class AccountRuleQuotaTests
    {
        [Fact]
        public async Task DescribeAccountLimits_is_decoded_from_the_recorded_response()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("DescribeAccountLimits"));

            var limits = await new Elbv2Client(transport).DescribeAccountLimitsAsync();

            Assert.Equal("DescribeAccountLimits", transport.SingleCall.Action);
            Assert.Equal("250", limits.Single(l => l.Name == RuleQuotaReader.LimitName).Max);
            var quota = await new RuleQuotaReader(new Elbv2Client(new FakeQueryTransport(Elbv2Fixtures.Result("DescribeAccountLimits"))), NullReporter.Instance).ReadAsync(CancellationToken.None);
            Assert.Equal(250, quota.Value);
        }

        [Fact]
        public async Task A_raised_quota_lets_through_a_bypass_that_100_would_refuse()
        {
            var h = Crowded(userRules: 95);
            h.Elb.RuleQuota = 150;
            var settings = Settings(allowIps: new[] { "10.0.0.0/8" }); // 95 + 96 copies (the default's too) + the page: 192 rules

            var state = await ReadAsync(h, new RuleQuotaReader(h.Elb, NullReporter.Instance));

            Assert.Equal(150, state.RuleQuota!.Value);
            Assert.Contains("DescribeAccountLimits", state.RuleQuota.Source);
            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, settings, StateLocation));
            Assert.Equal(ErrorIds.RuleQuotaExceeded, ex.ErrorId);
            Assert.Contains("its quota is 150, the account's quota read with DescribeAccountLimits", ex.Message);

            h.Elb.RuleQuota = 200;
            state = await ReadAsync(h, new RuleQuotaReader(h.Elb, NullReporter.Instance));
            await h.RunAsync(MaintenancePlanner.PlanEnable(state, settings, StateLocation));
            Assert.Equal(192, h.Elb.StoredRules(h.ListenerArn).Count(r => !r.IsDefault));
        }

        [Fact]
        public async Task A_lowered_quota_is_held_to_rather_than_failing_halfway_with_TooManyRules()
        {
            var h = Crowded(userRules: 4);
            h.Elb.RuleQuota = 8; // 4 users + 5 copies + the page = 10

            var state = await ReadAsync(h, new RuleQuotaReader(h.Elb, NullReporter.Instance));
            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(allowIps: new[] { "10.0.0.0/8" }), StateLocation));

            Assert.Equal(ErrorKind.LimitsExceeded, ex.Kind);
            Assert.Contains("its quota is 8, the account's quota", ex.Message);
            Assert.Empty(h.Elb.MutatingCalls);
        }

        [Fact]
        public async Task The_quota_is_asked_once_for_every_listener_of_a_command()
        {
            var h = Crowded(userRules: 2);
            var quota = new RuleQuotaReader(h.Elb, NullReporter.Instance);

            await ReadAsync(h, quota);
            await ReadAsync(h, quota);
            await ReadAsync(h, quota);

            Assert.Single(h.Elb.Calls, c => c.Name == "DescribeAccountLimits");
        }

        [Fact]
        public async Task Status_and_Disable_reads_do_not_ask_for_the_quota()
        {
            var h = Crowded(userRules: 2);

            await new ListenerStateReader(h.Elb, quota: new RuleQuotaReader(h.Elb, NullReporter.Instance)).ReadAsync(h.Elb.Target(h.ListenerArn), countLoadBalancerRules: false, CancellationToken.None);

            Assert.DoesNotContain(h.Elb.Calls, c => c.Name == "DescribeAccountLimits");
        }

        [Fact]
        public async Task When_DescribeAccountLimits_is_denied_100_is_assumed_and_both_the_warning_and_the_refusal_say_so()
        {
            var h = Crowded(userRules: 50);
            h.Elb.DenyAccountLimits = true;
            h.Elb.RuleQuota = 500;
            var reporter = new RecordingReporter();

            var state = await ReadAsync(h, new RuleQuotaReader(h.Elb, reporter));

            Assert.Equal(100, state.RuleQuota!.Value);
            var warning = Assert.Single(reporter.Warnings);
            Assert.Contains("DescribeAccountLimits was denied", warning);
            Assert.Contains("elasticloadbalancing:DescribeAccountLimits", warning);
            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(allowIps: new[] { "10.0.0.0/8" }), StateLocation));
            Assert.Contains("its quota is 100, ALB's default quota, assumed because DescribeAccountLimits was denied", ex.Message);
        }

        [Fact]
        public async Task A_failure_other_than_denial_is_not_hidden_behind_the_default()
        {
            var transport = new FakeQueryTransport((action, _) => throw new Elbv2Exception("InternalFailure", "boom", action, Elbv2ErrorType.Receiver, System.Net.HttpStatusCode.InternalServerError, "r", "boom", isRetryable: true));

            await Assert.ThrowsAsync<Elbv2Exception>(() => new RuleQuotaReader(new Elbv2Client(transport), NullReporter.Instance).ReadAsync(CancellationToken.None));
        }

        private static PlanningHarness Crowded(int userRules)
        {
            var h = new PlanningHarness();
            for (var i = 1; i <= userRules; i++)
            {
                h.Seed(i * 10, When(Path($"/p{i}")), Forward("p" + i));
            }

            return h;
        }

        private static Task<ListenerState> ReadAsync(PlanningHarness h, RuleQuotaReader quota) =>
            new ListenerStateReader(h.Elb, quota: quota).ReadAsync(h.Elb.Target(h.ListenerArn), countLoadBalancerRules: true, CancellationToken.None);
    }
}
