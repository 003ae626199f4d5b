using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Reporting;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>
    /// Applies a plan call by call. When a call fails, or the run is stopped, it undoes the calls
    /// already made, newest first, and reports the first error; when an undo fails too, the error
    /// lists what is left, which a rerun of Enable or Disable finishes (both plan from what they read).
    /// A run of bypass copies to create (or delete) goes side by side, a few at a time (see <see cref="SideBySide"/>).
    /// </summary>
    public sealed class PlanRunner
    {
        /// <summary>
        /// How many bypass copies are created (or deleted) at once. Small: an account's write bucket is shared,
        /// and under Throttling the transport paces every call anyway (<see cref="ThrottlePacer"/>).
        /// </summary>
        public const int DefaultWindow = 6;

        private readonly IMaintenanceReporter _reporter;
        private readonly int _window;
        private readonly StepContext _steps;

        public PlanRunner(IElbv2Client elb, IMaintenanceReporter reporter, ReadAfterWrite? reads = null, int window = DefaultWindow)
        {
            if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "At least one call at a time.");
            _reporter = reporter;
            _window = window;
            _steps = new StepContext(elb, reporter, reads ?? ReadAfterWrite.Default);
        }

        /// <summary>Runs every step; returns the rules the plan created, by their spec.</summary>
        /// <param name="recovery">What finishes the job when even the undo fails (the command to rerun).</param>
        /// <param name="beforeFirstCreate">A write that must have succeeded before the plan's first CreateRule (the
        /// record naming the rules to be created): it runs beside the steps before that one, and when it fails, the
        /// run stops there and what ran is undone, as for a failed call.</param>
        /// <param name="besideTag">A priority move of the plan that goes beside the listener's tag, the step before it,
        /// instead of after it (see <see cref="TagBesideMoves"/>): only when a run killed between the two is recognised.</param>
        public async Task<IReadOnlyList<Rule>> RunAsync(MaintenancePlan plan, string activity, CancellationToken cancellationToken,
            string recovery = "Run Enable-Maintenance or Disable-Maintenance again: each reads the listener and does only what remains.",
            Task? beforeFirstCreate = null, SetRulePrioritiesStep? besideTag = null)
        {
            var done = new Stack<(PlanStep Step, PlanStep Undo)>();
            var created = new List<Rule>();
            var gate = beforeFirstCreate;
            for (var i = 0; i < plan.Steps.Count;)
            {
                var step = plan.Steps[i];
                if (gate != null && step is CreateRuleStep)
                {
                    try
                    {
                        await gate.ConfigureAwait(false);
                        gate = null;
                    }
                    catch (Exception ex)
                    {
                        throw await RollBackAsync(activity, step, ex, done, recovery).ConfigureAwait(false);
                    }
                }

                if (besideTag != null && step is TagResourceStep && i + 1 < plan.Steps.Count && ReferenceEquals(plan.Steps[i + 1], besideTag))
                {
                    await RunPairAsync(plan, i, activity, done, cancellationToken, recovery).ConfigureAwait(false);
                    i += 2;
                    continue;
                }

                var batch = SideBySide(plan.Steps, i);
                if (batch > 1 && _window > 1)
                {
                    await RunSideBySideAsync(plan, i, batch, activity, done, created, cancellationToken, recovery).ConfigureAwait(false);
                    i += batch;
                    continue;
                }

                _reporter.Progress(activity, step.ToString(), (int)(100.0 * i / plan.Steps.Count));
                _reporter.Verbose($"[{i + 1}/{plan.Steps.Count}] {step}");
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (undo, rule) = await ApplyAsync(step, cancellationToken).ConfigureAwait(false);
                    if (rule != null)
                    {
                        created.Add(rule);
                    }

                    done.Push((step, undo));
                }
                catch (Exception ex)
                {
                    throw await RollBackAsync(activity, step, ex, done, recovery).ConfigureAwait(false);
                }

                i++;
            }

            return created;
        }

        /// <summary>
        /// How many steps from <paramref name="first"/> on may go side by side: a run of bypass copies to create, or
        /// one to delete. Each is a call of its own at a priority of its own, made before the flip (creates) or after
        /// it (deletes); the page's own call, the priority moves and the tags stay one at a time, in plan order.
        /// </summary>
        public static int SideBySide(IReadOnlyList<PlanStep> steps, int first)
        {
            bool IsCopyCreate(PlanStep s) => s is CreateRuleStep c && !s.FlipsPublicTraffic && ModuleTags.Find(c.Rule.Tags, ModuleTags.Role) == ModuleTags.BypassRole;
            bool IsCopyDelete(PlanStep s) => s is DeleteRuleStep d && !s.FlipsPublicTraffic && ModuleTags.Find(d.Tags, ModuleTags.Role) == ModuleTags.BypassRole;
            Func<PlanStep, bool>? same = IsCopyCreate(steps[first]) ? IsCopyCreate : IsCopyDelete(steps[first]) ? IsCopyDelete : (Func<PlanStep, bool>?)null;
            if (same == null)
            {
                return 1;
            }

            var end = first + 1;
            while (end < steps.Count && same(steps[end]))
            {
                end++;
            }

            return end - first;
        }

        /// <summary>
        /// Which earlier steps of a side-by-side run each step waits for: those whose rule may match a request its
        /// rule matches. For any one request, the calls that concern it then land in plan order (the copies top
        /// first, so an allowed request meets its own copy or none, never a later one), just as one at a time.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<int>> WaitsFor(IReadOnlyList<PlanStep> run)
        {
            var conditions = run.Select(s => s is CreateRuleStep c ? c.Rule.Conditions : (IReadOnlyList<RuleCondition>?)((DeleteRuleStep)s).Rule.Conditions).ToList();
            return conditions.Select((mine, i) => (IReadOnlyList<int>)Enumerable.Range(0, i)
                .Where(j => RuleOverlap.MayMatchTheSameRequest(conditions[j], mine)).ToList()).ToList();
        }

        /// <summary>
        /// Runs steps <paramref name="first"/> to first+count-1, at most the window at once, each once every step it
        /// waits for (<see cref="WaitsFor"/>) is done. On a failure no further step starts; the ones under way finish
        /// (a call sent cannot be taken back unanswered) and are undone with the rest.
        /// </summary>
        private async Task RunSideBySideAsync(MaintenancePlan plan, int first, int count, string activity,
            Stack<(PlanStep Step, PlanStep Undo)> done, List<Rule> created, CancellationToken ct, string recovery)
        {
            var run = plan.Steps.Skip(first).Take(count).ToList();
            var waitsFor = WaitsFor(run);
            var finished = new bool[count];
            var started = new bool[count];
            var rules = new Rule?[count];
            var running = new Dictionary<Task<(PlanStep Undo, Rule? Created)>, int>();
            (PlanStep Step, Exception Error)? failure = null;
            var completed = 0;
            _reporter.Verbose($"[{first + 1}-{first + count}/{plan.Steps.Count}] {count} {run[0].Operation} calls, up to {_window} at a time");
            while (true)
            {
                if (failure == null)
                {
                    for (var i = 0; i < count && running.Count < _window; i++)
                    {
                        if (started[i] || waitsFor[i].Any(j => !finished[j]))
                        {
                            continue;
                        }

                        started[i] = true;
                        var step = run[i];
                        _reporter.Progress(activity, step.ToString(), (int)(100.0 * (first + completed) / plan.Steps.Count));
                        _reporter.Verbose($"[{first + i + 1}/{plan.Steps.Count}] {step}");
                        running.Add(StartAsync(step, ct), i);
                    }
                }

                if (running.Count == 0)
                {
                    break;
                }

                var next = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                var index = running[next];
                running.Remove(next);
                try
                {
                    var (undo, rule) = await next.ConfigureAwait(false);
                    finished[index] = true;
                    rules[index] = rule;
                    completed++;
                    done.Push((run[index], undo));
                }
                catch (Exception ex)
                {
                    // The first failure is the one reported; a later one of a call under way changes nothing more.
                    failure ??= (run[index], ex);
                }
            }

            if (failure != null)
            {
                throw await RollBackAsync(activity, failure.Value.Step, failure.Value.Error, done, recovery).ConfigureAwait(false);
            }

            // In plan order, whatever order the calls finished in.
            created.AddRange(rules.Where(r => r != null)!);
        }

        /// <summary>
        /// Runs steps <paramref name="first"/> and first+1 (the listener's tag and a priority move) side by side: both
        /// calls are sent, both answers awaited (a call sent cannot be taken back unanswered), and when either failed,
        /// the other one, if it took effect, is undone with the rest. The tag's failure is the one reported when both failed.
        /// </summary>
        private async Task RunPairAsync(MaintenancePlan plan, int first, string activity, Stack<(PlanStep Step, PlanStep Undo)> done, CancellationToken ct, string recovery)
        {
            var pair = new[] { plan.Steps[first], plan.Steps[first + 1] };
            _reporter.Progress(activity, pair[0].ToString(), (int)(100.0 * first / plan.Steps.Count));
            _reporter.Verbose($"[{first + 1}-{first + 2}/{plan.Steps.Count}] side by side: {pair[0]}; {pair[1]}");
            var calls = pair.Select(step => StartAsync(step, ct)).ToList();
            (PlanStep Step, Exception Error)? failure = null;
            for (var i = 0; i < pair.Length; i++)
            {
                try
                {
                    var (undo, _) = await calls[i].ConfigureAwait(false);
                    done.Push((pair[i], undo));
                }
                catch (Exception ex)
                {
                    failure ??= (pair[i], ex);
                }
            }

            if (failure != null)
            {
                throw await RollBackAsync(activity, failure.Value.Step, failure.Value.Error, done, recovery).ConfigureAwait(false);
            }
        }

        private Task<(PlanStep Undo, Rule? Created)> StartAsync(PlanStep step, CancellationToken ct)
        {
            // The call runs until it waits for its answer, then the next one starts: side by side on the wire,
            // one after another with a client that answers at once (the fakes of the unit tests).
            if (ct.IsCancellationRequested)
            {
                return Task.FromCanceled<(PlanStep, Rule?)>(ct);
            }

            return ApplyAsync(step, ct);
        }

        private async Task<PlanFailedException> RollBackAsync(string activity, PlanStep failed, Exception error, Stack<(PlanStep Step, PlanStep Undo)> done, string recovery)
        {
            var undoErrors = new List<Exception>();
            var left = new List<PlanStep>();
            if (done.Count > 0)
            {
                _reporter.Warning($"{failed.Operation} failed ({error.Message}); undoing {done.Count} call(s).");
            }

            while (done.Count > 0)
            {
                var (step, undo) = done.Pop();
                _reporter.Verbose($"undo: {undo}");
                try
                {
                    // The undo must finish even when the run was stopped: a half-made change is worse.
                    await ApplyAsync(undo, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception undoError)
                {
                    undoErrors.Add(undoError);
                    left.Add(step);
                    left.AddRange(done.Select(d => d.Step));
                    break;
                }
            }

            left.Reverse();
            // The first error keeps its own id and kind, so a script can match on it.
            var known = ErrorTranslator.Translate(error);
            var id = known.ErrorId;
            var kind = known.Kind;
            string message;
            if (left.Count == 0)
            {
                message = $"{activity} failed at {failed.Operation} ({failed.Describe()}): {error.Message} Every earlier call was undone, so the listener is as it was before this run.";
            }
            else
            {
                message = $"{activity} failed at {failed.Operation} ({failed.Describe()}): {error.Message} Undoing also failed ({undoErrors[0].Message}), so these calls remain in effect: "
                    + string.Join("; ", left.Select(s => s.ToString()))
                    + ". The listener routes consistently in this state. " + recovery;
            }

            return new PlanFailedException(id, kind, message, error, failed, left, undoErrors);
        }

        /// <summary>Makes one call and returns the step that undoes it (and the rule it created, if any).</summary>
        private Task<(PlanStep Undo, Rule? Created)> ApplyAsync(PlanStep step, CancellationToken ct) => step.ApplyAsync(_steps, ct);
    }
}
