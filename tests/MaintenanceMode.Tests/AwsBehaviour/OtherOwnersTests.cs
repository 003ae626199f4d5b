using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.AwsBehaviour
{
    /// <summary>
    /// Issue 11 §2.7: a listener the AWS Load Balancer Controller manages is refused before any change (its
    /// next reconcile would undo maintenance), unless the operator says to go ahead; CloudFormation's tags warn.
    /// </summary>
    public class OtherOwnersTests
    {
        [Theory]
        [InlineData("elbv2.k8s.aws/cluster", "prod")]
        [InlineData("ingress.k8s.aws/stack", "shop/web")]
        [InlineData("service.k8s.aws/stack", "shop/api")]
        public async Task A_rule_tagged_by_the_controller_is_refused_naming_the_controller_the_rule_and_the_way_out(string key, string value)
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a")), Forward("a"));
            var owned = h.Seed(20, When(Path("/b")), Forward("b"), tags: new List<Tag> { new Tag { Key = key, Value = value } });
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(allowIps: new[] { "10.0.0.0/8" }), StateLocation));

            Assert.Equal(ErrorIds.ListenerManagedByController, ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Contains("AWS Load Balancer Controller", ex.Message);
            Assert.Contains(owned.RuleArn!, ex.Message);
            Assert.Contains($"{key}={value}", ex.Message);
            Assert.Contains("-IgnoreLoadBalancerController", ex.Message);
            Assert.Contains("Nothing was changed", ex.Message);
            Assert.Empty(h.Elb.MutatingCalls);
        }

        [Fact]
        public async Task A_listener_tagged_by_the_controller_is_refused_too()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a")), Forward("a"));
            await h.Elb.AddTagsAsync(new[] { h.ListenerArn }, new[] { new Tag { Key = "elbv2.k8s.aws/cluster", Value = "prod" } });
            var state = await h.ReadAsync();

            var ex = Assert.Throws<MaintenanceModeException>(() => MaintenancePlanner.PlanEnable(state, Settings(), StateLocation));

            Assert.Equal(ErrorIds.ListenerManagedByController, ex.ErrorId);
            Assert.Contains("the listener is tagged elbv2.k8s.aws/cluster=prod", ex.Message);
        }

        [Fact]
        public async Task The_switch_goes_ahead_and_Disable_is_never_refused()
        {
            var h = new PlanningHarness();
            var owned = h.Seed(10, When(Path("/a")), Forward("a"), tags: new List<Tag> { new Tag { Key = "ingress.k8s.aws/stack", Value = "shop/web" } });
            var settings = Settings(allowIps: new[] { "10.0.0.0/8" });
            settings.IgnoreLoadBalancerController = true;

            var (_, snapshot) = await h.EnableAsync(settings);
            Assert.NotNull((await h.ReadAsync()).MaintenanceRule);

            await h.DisableAsync(snapshot);
            var after = await h.ReadAsync();
            Assert.False(after.HasModuleChanges);
            Assert.Equal(10, h.Priority(owned.RuleArn!));
        }

        [Fact]
        public async Task CloudFormation_tags_warn_and_do_not_refuse()
        {
            var h = new PlanningHarness();
            var stackRule = h.Seed(10, When(Path("/a")), Forward("a"), tags: new List<Tag>
            {
                new Tag { Key = "aws:cloudformation:stack-name", Value = "shop-prod" },
                new Tag { Key = "aws:cloudformation:logical-id", Value = "ApiRule" },
            });
            h.Seed(20, When(Path("/b")), Forward("b"));
            var state = await h.ReadAsync();

            var warning = Assert.Single(OtherOwners.Warnings(state));
            Assert.Contains("CloudFormation", warning);
            Assert.Contains("aws:cloudformation:stack-name=shop-prod", warning);
            Assert.Contains(stackRule.RuleArn!, warning);
            Assert.Contains("stack update", warning);
            Assert.False(MaintenancePlanner.PlanEnable(state, Settings(), StateLocation).IsEmpty);
        }

        [Fact]
        public async Task A_listener_without_other_owners_gets_neither_refusal_nor_warning()
        {
            var h = new PlanningHarness();
            h.Seed(10, When(Path("/a")), Forward("a"), tags: new List<Tag> { new Tag { Key = "owner", Value = "terraform" } });
            var state = await h.ReadAsync();

            Assert.Empty(OtherOwners.Warnings(state));
            OtherOwners.RefuseControllerManaged(state, ignoreController: false);
        }
    }
}
