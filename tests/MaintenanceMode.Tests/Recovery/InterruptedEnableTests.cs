using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Tests.Planning;
using Xunit;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Recovery
{
    /// <summary>
    /// The state an Enable killed after its priority move and before its listener tag leaves (both go side by side)
    /// is told apart from a snapshot merely left over: only the listener that is exactly the snapshot's rules at the
    /// moves the snapshot names, with no tag and none of the module's rules, is an interrupted Enable's.
    /// </summary>
    public sealed class InterruptedEnableTests
    {
        /// <summary>Priority 1 taken: the page needs room, so the plan moves the user's rules beside the tag.</summary>
        private static PlanningHarness Listener()
        {
            var h = new PlanningHarness(moto: true);
            h.Seed(1, When(Path("/api/*")), Forward("api"));
            h.Seed(2, When(Host("admin.example.com")), Forward("admin"));
            h.Seed(5, When(Path("/static/*")), Fixed("static", "200"));
            return h;
        }

        /// <summary>The snapshot an Enable takes of the listener, naming the move that goes beside its tag.</summary>
        private static async Task<(ListenerSnapshot Snapshot, SetRulePrioritiesStep Moves)> SnapshotAsync(PlanningHarness h)
        {
            var state = await h.ReadAsync();
            var moves = TagBesideMoves.Find(MaintenancePlanner.PlanEnable(state, Settings(), StateLocation));
            Assert.NotNull(moves);
            var snapshot = ListenerSnapshot.Capture(state, System.DateTimeOffset.UnixEpoch, null, null, moves!.Moves);
            // Through its JSON, as a rerun reads it.
            return (ListenerSnapshot.FromJson(snapshot.ToJson(), "test", h.ListenerArn), moves);
        }

        [Fact]
        public async Task The_listener_moved_as_the_snapshot_says_without_its_tag_is_recognised()
        {
            var h = Listener();
            var (snapshot, moves) = await SnapshotAsync(h);

            await h.Elb.SetRulePrioritiesAsync(moves.Moves);

            Assert.True(InterruptedEnable.Recognises(snapshot, await h.ReadAsync()));
        }

        [Fact]
        public async Task A_snapshot_of_an_earlier_version_naming_no_move_is_never_recognised()
        {
            var h = Listener();
            var (snapshot, moves) = await SnapshotAsync(h);
            var json = snapshot.ToJson();
            var older = ListenerSnapshot.FromJson(json.Replace("\"MovesBesideTag\"", "\"Unknown\""), "test", h.ListenerArn);

            await h.Elb.SetRulePrioritiesAsync(moves.Moves);

            Assert.Null(older.MovesBesideTag);
            Assert.False(InterruptedEnable.Recognises(older, await h.ReadAsync()));
        }

        [Fact]
        public async Task A_listener_as_the_snapshot_has_it_is_not_recognised_the_snapshot_is_left_over()
        {
            var h = Listener();
            var (snapshot, _) = await SnapshotAsync(h);

            Assert.False(InterruptedEnable.Recognises(snapshot, await h.ReadAsync()));
        }

        [Fact]
        public async Task Priorities_a_user_moved_after_a_crashed_Disable_are_not_recognised()
        {
            // A Disable restored the listener and died before removing the snapshot; then someone renumbered a rule.
            var h = Listener();
            var (snapshot, _) = await SnapshotAsync(h);
            var last = h.Elb.StoredRules(h.ListenerArn).Single(r => r.Priority == "5");

            await h.Elb.SetRulePrioritiesAsync(new[] { new RulePriorityPair { RuleArn = last.RuleArn, Priority = 9 } });

            Assert.False(InterruptedEnable.Recognises(snapshot, await h.ReadAsync()));
        }

        [Fact]
        public async Task Only_part_of_the_move_is_not_recognised()
        {
            var h = Listener();
            var (snapshot, moves) = await SnapshotAsync(h);
            Assert.True(moves.Moves.Count > 1, "the plan moves more than one rule");
            var highest = moves.Moves.OrderByDescending(m => m.Priority).First();

            await h.Elb.SetRulePrioritiesAsync(new[] { highest });

            Assert.False(InterruptedEnable.Recognises(snapshot, await h.ReadAsync()));
        }

        [Fact]
        public async Task The_move_and_another_change_is_not_recognised()
        {
            var h = Listener();
            var (snapshot, moves) = await SnapshotAsync(h);
            await h.Elb.SetRulePrioritiesAsync(moves.Moves);

            h.Seed(40, When(Path("/new/*")), Forward("new"));

            Assert.False(InterruptedEnable.Recognises(snapshot, await h.ReadAsync()));
        }

        [Fact]
        public async Task The_move_with_the_listener_tagged_is_not_an_interrupted_run_but_one_in_maintenance()
        {
            var h = Listener();
            var (snapshot, moves) = await SnapshotAsync(h);
            await h.Elb.SetRulePrioritiesAsync(moves.Moves);

            h.Elb.SeedTags(h.ListenerArn, new Tag { Key = ModuleTags.State, Value = StateLocation });

            Assert.False(InterruptedEnable.Recognises(snapshot, await h.ReadAsync()));
        }
    }
}
