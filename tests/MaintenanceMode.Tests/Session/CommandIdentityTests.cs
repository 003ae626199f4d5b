using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.Targets;

namespace MaintenanceMode.Tests.Session
{
    public class CommandIdentityTests
    {
        private const string ListenerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";

        [Fact]
        public async Task DescribeNamesTheAccountRegionAndCaller()
        {
            var (identity, _, _) = Build("arn:aws:sts::123456789012:assumed-role/Deploy/ci");
            await identity.GetCallerArnAsync(default);

            Assert.Equal("shop:80 (HTTP) in account 123456789012, eu-west-1, as assumed-role/Deploy/ci", identity.Describe(Target()));
        }

        [Fact]
        public async Task WithoutACallerTheListenersAccountIsNamed()
        {
            var (identity, _, _) = Build(null);
            await identity.GetCallerArnAsync(default);

            Assert.StartsWith("shop:80 (HTTP) in account 123456789012, eu-west-1, as an unknown caller", identity.Describe(Target()));
        }

        [Fact]
        public async Task TheCallerIsLookedUpOnce()
        {
            var (identity, sts, _) = Build("arn:aws:sts::123456789012:assumed-role/Deploy/ci");

            await identity.GetCallerArnAsync(default);
            await identity.GetCallerArnAsync(default);

            Assert.Equal(1, sts.Calls);
        }

        [Fact]
        public async Task TheFirstVerboseLineNamesTheAccountRegionCallerAndSources()
        {
            var (identity, _, held) = Build("arn:aws:sts::123456789012:assumed-role/Deploy/ci");
            var recorded = (RecordingReporter)held.Inner;
            var lines = recorded.VerboseLines;
            held.Reporter.Hold();
            held.Reporter.Verbose("ELBv2 DescribeLoadBalancers");

            Assert.Empty(lines);
            await identity.GetCallerArnAsync(default);

            Assert.Equal(2, lines.Count);
            Assert.Equal("Acting in account 123456789012, eu-west-1, as assumed-role/Deploy/ci (region from $StoredAWSRegion, credentials from $StoredAWSCredentials).", lines[0]);
            Assert.Equal("ELBv2 DescribeLoadBalancers", lines[1]);
            held.Reporter.Verbose("later");
            Assert.Equal("later", lines[2]);
            Assert.Empty(recorded.Warnings);
        }

        [Fact]
        public async Task AnotherCallerAccountIsRefusedNamingBoth()
        {
            var (identity, _, _) = Build("arn:aws:sts::210987654321:assumed-role/Deploy/ci");
            await identity.GetCallerArnAsync(default);

            var error = Assert.Throws<MaintenanceModeException>(() => identity.CheckAccount("123456789012", Target()));

            Assert.Equal(ErrorIds.AccountMismatch, error.ErrorId);
            Assert.Equal(ErrorKind.AuthenticationError, error.Kind);
            Assert.Contains("123456789012", error.Message);
            Assert.Contains("210987654321", error.Message);
            Assert.Equal(ListenerArn, error.Target);
        }

        [Fact]
        public async Task WithoutACallerTheListenersAccountIsChecked()
        {
            var (identity, _, _) = Build(null);
            await identity.GetCallerArnAsync(default);

            var error = Assert.Throws<MaintenanceModeException>(() => identity.CheckAccount("210987654321", Target()));

            Assert.Contains("account 123456789012", error.Message);
        }

        [Fact]
        public async Task TheSameAccountOrNoAccountIdPasses()
        {
            var (identity, _, _) = Build("arn:aws:sts::123456789012:assumed-role/Deploy/ci");
            await identity.GetCallerArnAsync(default);

            identity.CheckAccount("123456789012", Target());
            identity.CheckAccount(null, Target());
        }

        private static ListenerTarget Target() => new ListenerTarget(
            new LoadBalancer { LoadBalancerName = "shop", LoadBalancerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188" },
            new Listener { ListenerArn = ListenerArn, Port = 80, Protocol = "HTTP" });

        private static (CommandIdentity Identity, FakeCallerIdentity Sts, (HeldVerboseReporter Reporter, IMaintenanceReporter Inner) Held) Build(string? callerArn)
        {
            var inner = new RecordingReporter();
            var held = new HeldVerboseReporter(inner);
            var sts = new FakeCallerIdentity(callerArn);
            return (new CommandIdentity(sts, held, "eu-west-1", "$StoredAWSRegion", "$StoredAWSCredentials"), sts, (held, inner));
        }
    }
}
