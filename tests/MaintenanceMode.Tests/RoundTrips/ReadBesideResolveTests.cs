using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using MaintenanceMode.State;
using MaintenanceMode.Targets;
using MaintenanceMode.Tests.Fakes;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.Tests.Operations;
using MaintenanceMode.Tests.Planning;
using Xunit;

namespace MaintenanceMode.Tests.RoundTrips
{
    /// <summary>
    /// Enable of a listener named by ARN reads its rules, their tags, the load balancer's other rules and the
    /// account's quota beside the calls that resolve it: the resolve's DescribeListeners is held unanswered, and the
    /// reads are made meanwhile. The resolve still decides: what it refuses keeps its error, and the read is dropped.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class ReadBesideResolveTests(MotoServerFixture moto)
    {
        [Fact]
        public async Task The_listener_is_read_while_the_resolve_is_unanswered_and_that_read_is_the_one_planned_from()
        {
            var harness = await NewListenerAsync();
            var elb = new HeldResolve(harness.Elb);
            var service = harness.Service();
            var selection = new TargetSelection { ListenerArns = new[] { harness.ListenerArn } };

            var resolving = service.ResolveForEnableAsync(selection, withCaller: true, CancellationToken.None);

            Assert.False(resolving.IsCompleted, "the resolve waits for its DescribeListeners");
            var meanwhile = harness.Elb.Calls.Select(c => c.Name).ToList();
            Assert.Contains("DescribeRules", meanwhile);
            Assert.Contains("DescribeTags", meanwhile);
            Assert.Contains("DescribeAccountLimits", meanwhile);
            Assert.Equal(2, meanwhile.Count(n => n == "DescribeListeners")); // the resolve's, and the load balancer's for its rule count
            elb.Answer();
            var target = Assert.Single(await resolving).Target!;
            Assert.True(service.HasReadAhead);

            var start = service.StartEnableWithoutPreviewAsync(target, CancellationToken.None);
            var status = await service.EnableWithoutPreviewAsync(start, Settings(), harness.Location, CancellationToken.None);

            Assert.Equal("On", status.State);
            Assert.False(service.HasReadAhead);
            var firstChange = harness.Elb.Calls.First(c => c.Mutating).Index;
            Assert.Equal(1, harness.Elb.Calls.Count(c => c.Name == "DescribeRules" && c.Index < firstChange));
        }

        [Fact]
        public async Task A_network_load_balancer_keeps_the_resolves_refusal_and_the_read_is_dropped()
        {
            var harness = await NewListenerAsync();
            var nlb = harness.Elb.AddLoadBalancer("edge", type: "network");
            var tcp = harness.Elb.AddListener(nlb.LoadBalancerArn!, Build.Forward("edge"), port: 443, protocol: "TCP");
            var service = harness.Service();

            var results = await service.ResolveForEnableAsync(new TargetSelection { ListenerArns = new[] { tcp.ListenerArn! } }, withCaller: true, CancellationToken.None);

            Assert.Equal("UnsupportedLoadBalancerType", Assert.Single(results).Error!.ErrorId);
            Assert.Contains(harness.Elb.Calls, c => c.Name == "DescribeRules");
            Assert.False(service.HasReadAhead);
        }

        [Fact]
        public async Task An_unknown_listener_is_not_found_and_the_failed_read_is_not_surfaced()
        {
            var harness = await NewListenerAsync();
            var missing = harness.Listener.LoadBalancer.LoadBalancerArn!.Replace(":loadbalancer/", ":listener/") + "/0123456789abcdef";
            var service = harness.Service();

            var results = await service.ResolveForEnableAsync(new TargetSelection { ListenerArns = new[] { missing } }, withCaller: false, CancellationToken.None);

            Assert.Equal("ListenerNotFound", Assert.Single(results).Error!.ErrorId);
            Assert.False(service.HasReadAhead);
        }

        [Fact]
        public async Task A_read_no_plan_takes_is_abandoned()
        {
            var harness = await NewListenerAsync();
            var service = harness.Service();

            await service.ResolveForEnableAsync(new TargetSelection { ListenerArns = new[] { harness.ListenerArn } }, withCaller: false, CancellationToken.None);
            Assert.True(service.HasReadAhead);
            await service.AbandonReadAheadAsync();

            Assert.False(service.HasReadAhead);
        }

        /// <summary>The service tests' listener (rules at 1 and 2) and state bucket, with no call counted yet.</summary>
        private async Task<ServiceHarness> NewListenerAsync()
        {
            var harness = await ServiceHarness.CreateAsync(moto);
            harness.Elb.ClearCalls();
            return harness;
        }

        private static MaintenanceSettings Settings()
        {
            var settings = Build.Settings();
            settings.PageSource = "s3://pages/maintenance.html";
            return settings;
        }

        /// <summary>Holds DescribeListeners by listener ARN (the resolve's) until <see cref="Answer"/>, through the in-memory ELBv2's hook.</summary>
        private sealed class HeldResolve
        {
            private readonly TaskCompletionSource<bool> _answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public HeldResolve(FakeElbv2Client elb) =>
                elb.BeforeCall = call => call.Name == "DescribeListeners" && call.Request?.GetType().GetProperty("ListenerArns")?.GetValue(call.Request) != null
                    ? _answer.Task
                    : Task.CompletedTask;

            public void Answer() => _answer.TrySetResult(true);
        }
    }
}
