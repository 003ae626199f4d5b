using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots;
using MaintenanceMode.State;
using MaintenanceMode.State.Locks;
using MaintenanceMode.Tests.AwsBehaviour;
using MaintenanceMode.Tests.Fakes;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.Tests.Planning;
using Xunit;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Recovery
{
    /// <summary>
    /// Enable tags the listener and moves the user's rules side by side, one round trip for both. Either call failing
    /// undoes the other; a run killed after the move and before the tag is finished by the next Enable, which keeps
    /// the original snapshot, and Disable then restores the listener exactly.
    /// </summary>
    [Collection(MotoCollection.Name)]
    public sealed class TagBesideMovesTests(MotoServerFixture moto)
    {
        private static PlanningHarness Listener()
        {
            var h = new PlanningHarness(moto: true);
            h.Seed(1, When(Path("/api/*")), Forward("api"));
            h.Seed(2, When(Host("admin.example.com")), Forward("admin"));
            h.Seed(5, When(Path("/static/*")), Fixed("static", "200"));
            h.Elb.ClearCalls();
            return h;
        }

        [Theory]
        [InlineData(1, "AddTags")]
        [InlineData(2, "SetRulePriorities")]
        public async Task Either_call_failing_undoes_the_other_and_the_listener_is_as_before(int failing, string failed)
        {
            var h = Listener();
            var before = h.Elb.Image(h.ListenerArn);
            var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), Settings(), StateLocation);
            var moves = TagBesideMoves.Find(plan)!;
            h.Elb.FailingMutatingCalls.Add(failing);

            var error = await Assert.ThrowsAsync<PlanFailedException>(() => new PlanRunner(h.Elb, NullReporter.Instance).RunAsync(plan, "test", CancellationToken.None, besideTag: moves));

            Assert.Equal(failed, error.FailedStep.Operation);
            // Both calls were sent before either answer was looked at: side by side.
            Assert.Equal(new[] { "AddTags", "SetRulePriorities" }, h.Elb.MutatingCalls.Take(2).Select(c => c.Name).ToArray());
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        [Fact]
        public async Task Enable_sends_the_tag_and_the_move_before_either_answers()
        {
            var h = Listener();
            var elb = new HeldAddTags(h.Elb);
            var service = Service(h.Elb);
            var location = await LocationAsync();

            var run = EnableAsync(service, h, location);
            await ReachedAsync(elb, run);

            Assert.True(elb.Moved, "SetRulePriorities went while AddTags was unanswered");
            elb.Answer();
            Assert.Equal("On", (await run).State);
        }

        [Fact]
        public async Task A_run_killed_after_the_move_and_before_the_tag_is_finished_by_the_next_Enable_and_Disable_restores_exactly()
        {
            var h = Listener();
            var before = h.Elb.Image(h.ListenerArn);
            var location = await LocationAsync();
            var store = new SnapshotStore(moto.Client, location);
            var snapshotKey = store.Layout.SnapshotKey(h.ListenerArn);

            // The run "dies" with its AddTags unanswered: its task is abandoned, its lock broken as Unlock-Maintenance would.
            var dead = new HeldAddTags(h.Elb);
            var deadRun = EnableAsync(Service(h.Elb), h, location);
            await ReachedAsync(dead, deadRun);
            Assert.True(dead.Moved);
            dead.Release();
            var locks = new OperationLock(store);
            Assert.True(await locks.BreakAsync((await locks.ReadAsync(h.ListenerArn, CancellationToken.None))!, CancellationToken.None));
            var original = (await store.GetAsync(snapshotKey, CancellationToken.None))!.Content;
            Assert.Null(h.Elb.StoredTags(h.ListenerArn).FirstOrDefault(t => t.Key == ModuleTags.State));
            Assert.NotEqual(before, h.Elb.Image(h.ListenerArn));

            var reporter = new RecordingReporter();
            var status = await EnableAsync(Service(h.Elb, reporter), h, location);

            Assert.Equal("On", status.State);
            Assert.Equal(original, (await store.GetAsync(snapshotKey, CancellationToken.None))!.Content);
            Assert.Contains(reporter.Warnings, w => w.Contains("priority move of an Enable-Maintenance run that stopped before tagging", StringComparison.Ordinal));

            var off = await Service(h.Elb).DisableWithoutPreviewAsync(h.Elb.Target(h.ListenerArn), CancellationToken.None);

            Assert.Equal("Off", off.State);
            Assert.Equal(before, h.Elb.Image(h.ListenerArn));
        }

        [Fact]
        public async Task Disable_in_that_state_changes_nothing_and_says_to_enable_again_first()
        {
            var h = Listener();
            var before = h.Elb.Image(h.ListenerArn);
            var location = await LocationAsync();
            var dead = new HeldAddTags(h.Elb);
            var deadRun = EnableAsync(Service(h.Elb), h, location);
            await ReachedAsync(dead, deadRun);
            dead.Release();
            var moved = h.Elb.Image(h.ListenerArn);
            h.Elb.ClearCalls();

            var reporter = new RecordingReporter();
            var status = await Service(h.Elb, reporter).DisableWithoutPreviewAsync(h.Elb.Target(h.ListenerArn), CancellationToken.None);

            Assert.Equal("Off", status.State);
            Assert.Empty(h.Elb.MutatingCalls);
            Assert.Equal(moved, h.Elb.Image(h.ListenerArn));
            Assert.Contains(reporter.Warnings, w => w.Contains("run Enable-Maintenance again", StringComparison.Ordinal) && w.Contains("then Disable-Maintenance", StringComparison.Ordinal));
            Assert.NotEqual(before, moved);
        }

        private async Task<S3Uri> LocationAsync() => S3Uri.ParsePrefix($"s3://{await moto.CreateBucketAsync()}/maintenance-mode/");

        private MaintenanceService Service(IElbv2Client elb, IMaintenanceReporter? reporter = null) =>
            new MaintenanceService(elb, location => new SnapshotStore(moto.Client, location), new FakeCallerIdentity(), reporter ?? NullReporter.Instance,
                () => DateTimeOffset.UtcNow, "0.0.0-test", ReadAfterWrite.Immediate);

        private static async Task<MaintenanceStatus> EnableAsync(MaintenanceService service, PlanningHarness h, S3Uri location)
        {
            var settings = Settings();
            settings.PageSource = "s3://pages/maintenance.html";
            var start = service.StartEnableWithoutPreviewAsync(h.Elb.Target(h.ListenerArn), CancellationToken.None);
            return await service.EnableWithoutPreviewAsync(start, settings, location, CancellationToken.None);
        }

        /// <summary>Waits until the run's AddTags is held; a run that ends first never sent it.</summary>
        /// <summary>
        /// Waits until the run has sent AddTags (held) and, beside it, made its SetRulePriorities: the move is sent after
        /// the tag, so the tag being held says nothing yet of the move. A run that sent the move only once the tag had
        /// answered would wait on the held tag for ever; the guard turns that into a failure instead of a hung test.
        /// </summary>
        private static async Task ReachedAsync(HeldAddTags elb, Task run)
        {
            var both = Task.WhenAll(elb.Reached, elb.MovedWhileHeld);
            var first = await Task.WhenAny(both, run, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(first == both, "the run sent AddTags and, before it was answered, SetRulePriorities");
        }

        /// <summary>
        /// Holds the listener's state AddTags (before it is made) until <see cref="Answer"/>, through the in-memory ELBv2's
        /// hooks, and notes a SetRulePriorities made meanwhile. <see cref="Release"/> takes the hooks off the fake (a run
        /// left waiting on the tag stays waiting: it "died" there).
        /// </summary>
        private sealed class HeldAddTags
        {
            private readonly FakeElbv2Client _elb;
            private readonly TaskCompletionSource<bool> _reached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource<bool> _answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource<bool> _moved = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public HeldAddTags(FakeElbv2Client elb)
            {
                _elb = elb;
                elb.BeforeCall = HoldAsync;
                elb.Mutated += NoteMove;
            }

            public Task Reached => _reached.Task;

            /// <summary>Completes when a SetRulePriorities was made while the AddTags was held.</summary>
            public Task MovedWhileHeld => _moved.Task;

            /// <summary>Whether SetRulePriorities was made while the AddTags was held.</summary>
            public bool Moved => _moved.Task.IsCompleted;

            public void Answer() => _answer.TrySetResult(true);

            public void Release()
            {
                _elb.BeforeCall = null;
                _elb.Mutated -= NoteMove;
            }

            private Task HoldAsync(FakeElbv2Call call)
            {
                if (call.Name != "AddTags" || !JsonSerializer.Serialize(call.Request).Contains(ModuleTags.State, StringComparison.Ordinal))
                {
                    return Task.CompletedTask;
                }

                _reached.TrySetResult(true);
                return _answer.Task;
            }

            private void NoteMove(FakeElbv2Call call)
            {
                if (call.Name == "SetRulePriorities" && _reached.Task.IsCompleted && !_answer.Task.IsCompleted)
                {
                    _moved.TrySetResult(true);
                }
            }
        }
    }
}
