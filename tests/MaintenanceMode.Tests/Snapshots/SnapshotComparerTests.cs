using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Tests.Elbv2;
using MaintenanceMode.Operations;
using MaintenanceMode.Reporting;
using static MaintenanceMode.Tests.Planning.Build;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Snapshots
{
    public class SnapshotComparerTests
    {
        [Fact]
        public void Each_kind_of_change_is_one_difference()
        {
            var listener = new SnapshotTestListener();
            var elb = listener.Elb;
            listener.Move(listener.Arns[0], 2);
            listener.Move(listener.Arns[1], 1);
            elb.EditRule(listener.Arns[2]).Actions = Forward("tg-x");
            elb.SeedTags(listener.Arns[4], new Tag { Key = "env", Value = "x" });
            elb.RemoveRule(listener.Arns[3]);
            var added = listener.Add(20, "/new/*", "tg-y").RuleArn;
            elb.SetDefaultActions(SnapshotTestListener.ListenerArn, Fixed("gone"));
            elb.SeedTags(SnapshotTestListener.ListenerArn, new Tag { Key = "team", Value = "y" });

            var differences = listener.Differences();

            Assert.Equal(
                new[] { "Moved 0", "Moved 1", "Changed 2 Actions", "Removed 3", "Changed 4 Tags", "Added new", "DefaultActionChanged", "ListenerTagsChanged" },
                differences.Select(d => d.Kind + (d.RuleArn == null ? string.Empty : " " + (d.RuleArn == added ? "new" : listener.Arns.IndexOf(d.RuleArn).ToString()))
                    + (d.Changed.Count > 0 ? " " + string.Join("+", d.Changed) : string.Empty)));
            Assert.Equal(2, differences[0].CurrentPriority);
            Assert.Equal(1, differences[0].SnapshotPriority);
            Assert.Contains("env added", differences[4].Detail);
            Assert.Contains("team added", differences[7].Detail);
        }

        [Fact]
        public void An_oidc_secret_the_emulator_returns_is_not_a_difference_and_never_in_the_snapshot()
        {
            var listener = new SnapshotTestListener();
            listener.Elb.EditRule(listener.Arns[0]).Actions = Oidc("tg-1", "openid", secret: null);
            listener.Snapshot = listener.TakeSnapshot();
            var read = listener.Read();
            read.Rules.Single(r => r.RuleArn == listener.Arns[0]).Actions![0].AuthenticateOidcConfig!.ClientSecret = "returned-by-moto"; // as moto describes it

            Assert.Empty(listener.Differences(state: read));
            Assert.DoesNotContain("returned-by-moto", listener.TakeSnapshot(read).ToJson());
        }

        [Fact]
        public void The_modules_own_rules_and_tags_are_not_differences()
        {
            var listener = new SnapshotTestListener();
            listener.Add(40, "/*", "tg-page", new Tag { Key = ModuleTags.Role, Value = ModuleTags.MaintenanceRole });
            listener.Elb.SeedTags(SnapshotTestListener.ListenerArn, new Tag { Key = ModuleTags.State, Value = "s3://bucket/state/" });

            Assert.Empty(listener.Differences());
        }

        [Fact]
        public async System.Threading.Tasks.Task A_restore_of_an_oidc_rule_in_place_sends_UseExistingClientSecret_on_the_wire()
        {
            var listener = new SnapshotTestListener();
            listener.Elb.EditRule(listener.Arns[0]).Actions = Oidc("tg-1", "openid", secret: null);
            listener.Snapshot = listener.TakeSnapshot();
            listener.Elb.EditRule(listener.Arns[0]).Actions![0].AuthenticateOidcConfig!.Scope = "openid email";
            var step = Assert.IsType<ModifyRuleStep>(Assert.Single(listener.Plan().Steps));
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("ModifyRule"));

            await step.ApplyAsync(new MaintenanceMode.Operations.Planning.Steps.StepContext(new Elbv2Client(transport), NullReporter.Instance, ReadAfterWrite.Default), default);

            var call = transport.SingleCall;
            Assert.Equal("ModifyRule", call.Action);
            Assert.Equal("true", call["Actions.member.1.AuthenticateOidcConfig.UseExistingClientSecret"]);
            Assert.DoesNotContain(call.Lines, l => l.Contains("AuthenticateOidcConfig.ClientSecret="));
            Assert.Equal("openid", call["Actions.member.1.AuthenticateOidcConfig.Scope"]);
            Assert.Null(call["Conditions.member.1.Field"]); // conditions did not change: not sent
        }
    }
}
