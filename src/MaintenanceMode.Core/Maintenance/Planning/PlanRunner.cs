using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Maintenance.Planning
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

        private readonly IElbv2Client _elb;
        private readonly IMaintenanceReporter _reporter;
        private readonly ReadAfterWrite _reads;
        private readonly int _window;

        public PlanRunner(IElbv2Client elb, IMaintenanceReporter reporter, ReadAfterWrite? reads = null, int window = DefaultWindow)
        {
            if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "At least one call at a time.");
            _elb = elb;
            _reporter = reporter;
            _reads = reads ?? ReadAfterWrite.Default;
            _window = window;
        }

        /// <summary>Runs every step; returns the rules the plan created, by their spec.</summary>
        /// <param name="recovery">What finishes the job when even the undo fails (the command to rerun).</param>
        public async Task<IReadOnlyList<Rule>> RunAsync(MaintenancePlan plan, string activity, CancellationToken cancellationToken,
            string recovery = "Run Enable-Maintenance or Disable-Maintenance again: each reads the listener and does only what remains.")
        {
            var done = new Stack<(PlanStep Step, PlanStep Undo)>();
            var created = new List<Rule>();
            for (var i = 0; i < plan.Steps.Count;)
            {
                var batch = SideBySide(plan.Steps, i);
                if (batch > 1 && _window > 1)
                {
                    await RunSideBySideAsync(plan, i, batch, activity, done, created, cancellationToken, recovery).ConfigureAwait(false);
                    i += batch;
                    continue;
                }

                var step = plan.Steps[i];
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
        private async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(PlanStep step, CancellationToken ct)
        {
            switch (step)
            {
                case CreateRuleStep create:
                {
                    Rule rule;
                    try
                    {
                        rule = await _elb.CreateRuleAsync(create.Rule.ToRequest(create.ListenerArn), ct).ConfigureAwait(false);
                    }
                    catch (Elbv2Exception taken) when (taken.ErrorCode == Elbv2ErrorCodes.PriorityInUse)
                    {
                        // A retry after a lost reply finds the slot taken by the very rule it created.
                        rule = await OwnRuleAtAsync(create, ct).ConfigureAwait(false) ?? throw taken;
                        _reporter.Verbose($"priority {create.Rule.Priority} already holds this rule (a retried call whose reply was lost); taking it as created");
                    }

                    rule.Priority ??= RulePriority.Format(create.Rule.Priority);
                    return (new DeleteRuleStep(rule, "undo: " + create.Rule.Summary) { Tags = create.Rule.Tags }, rule);
                }

                case DeleteRuleStep delete:
                {
                    try
                    {
                        await _elb.DeleteRuleAsync(delete.Rule.RuleArn!, ct).ConfigureAwait(false);
                    }
                    catch (Elbv2Exception gone) when (gone.ErrorCode == Elbv2ErrorCodes.RuleNotFound)
                    {
                        // What was wanted is so: a retry after a lost reply, or someone deleted it first.
                        _reporter.Verbose($"rule {delete.Rule.RuleArn} is already gone");
                    }

                    var again = new RuleSpec
                    {
                        Priority = RulePriority.Parse(delete.Rule.Priority),
                        Conditions = delete.Rule.Conditions ?? new List<RuleCondition>(),
                        Actions = delete.Rule.Actions ?? new List<Aws.Elbv2.Action>(),
                        Transforms = delete.Rule.Transforms,
                        Tags = delete.Tags.ToList(),
                        Summary = "undo: " + delete.Summary,
                    };
                    return (new CreateRuleStep(delete.ListenerArn ?? ListenerOf(delete.Rule.RuleArn!), again), null);
                }

                case ModifyRuleStep modify:
                {
                    await _elb.ModifyRuleAsync(new ModifyRuleRequest { RuleArn = modify.Current.RuleArn, Conditions = modify.Desired.Conditions, Actions = modify.Desired.Actions }, ct).ConfigureAwait(false);
                    var back = new RuleSpec
                    {
                        Conditions = modify.Current.Conditions ?? new List<RuleCondition>(),
                        Actions = modify.Current.Actions ?? new List<Aws.Elbv2.Action>(),
                        Summary = "undo: the page as it was",
                    };
                    return (new ModifyRuleStep(new Rule { RuleArn = modify.Current.RuleArn, Priority = modify.Current.Priority, Conditions = modify.Desired.Conditions, Actions = modify.Desired.Actions }, back), null);
                }

                case SetRulePrioritiesStep moves:
                {
                    try
                    {
                        await _elb.SetRulePrioritiesAsync(moves.Moves, ct).ConfigureAwait(false);
                    }
                    catch (Elbv2Exception taken) when (taken.ErrorCode == Elbv2ErrorCodes.PriorityInUse)
                    {
                        // A retry after a lost reply: moto refuses it, though the rules already sit where the call puts them.
                        if (!await AlreadyMovedAsync(moves, ct).ConfigureAwait(false))
                        {
                            throw;
                        }

                        _reporter.Verbose("the rules already have these priorities (a retried call whose reply was lost)");
                    }

                    var back = moves.Moves.Select(m => new RulePriorityPair { RuleArn = m.RuleArn, Priority = moves.Previous[m.RuleArn!] }).ToList();
                    var now = moves.Moves.ToDictionary(m => m.RuleArn!, m => m.Priority);
                    return (new SetRulePrioritiesStep(back, now, "undo: " + moves.Purpose), null);
                }

                case TagListenerStep tags:
                {
                    if (tags.Add.Count > 0)
                    {
                        await _elb.AddTagsAsync(new[] { tags.ListenerArn }, tags.Add, ct).ConfigureAwait(false);
                        var fresh = tags.Add.Select(t => t.Key!).Where(k => tags.Previous.All(p => p.Key != k)).ToList();
                        return (fresh.Count > 0
                            ? TagListenerStep.Removing(tags.ListenerArn, fresh, new List<Tag>())
                            : TagListenerStep.Adding(tags.ListenerArn, tags.Previous, tags.Add), null);
                    }

                    await _elb.RemoveTagsAsync(new[] { tags.ListenerArn }, tags.Remove, ct).ConfigureAwait(false);
                    return (TagListenerStep.Adding(tags.ListenerArn, tags.Previous, new List<Tag>()), null);
                }

                case ISelfApplyingStep self:
                    return await self.ApplyAsync(_elb, ct).ConfigureAwait(false);

                default:
                    throw new InvalidOperationException($"No runner for {step.GetType().Name}.");
            }
        }

        /// <summary>True when every rule of the step already has the priority the step gives it.</summary>
        private async Task<bool> AlreadyMovedAsync(SetRulePrioritiesStep moves, CancellationToken ct)
        {
            // The call that took effect may not show in reads yet: read again for a while before concluding it did not.
            return await _reads.UntilAsync(async () =>
            {
                var now = await _elb.DescribeRulesAsync(ruleArns: moves.Moves.Select(m => m.RuleArn!).ToList(), cancellationToken: ct).ConfigureAwait(false);
                return moves.Moves.All(m => now.Any(r => r.RuleArn == m.RuleArn && RulePriority.Parse(r.Priority) == m.Priority));
            }, moved => moved, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// The module's rule at the step's priority, when it is the one the step meant to create: the same
        /// conditions and actions once AWS's filled-in defaults are set aside, and the same role tag.
        /// PriorityInUse proves a rule holds the slot, so a read that shows none there, another rule there (the
        /// one an earlier move of this run took away), or the rule without tags, may not have caught up with
        /// the writes yet: it is made again, within bounds, before the slot is taken for someone else's.
        /// </summary>
        private async Task<Rule?> OwnRuleAtAsync(CreateRuleStep create, CancellationToken ct)
        {
            var role = ModuleTags.Find(create.Rule.Tags, ModuleTags.Role);
            var (rule, verdict) = await _reads.UntilAsync(async () =>
            {
                var rules = await _elb.DescribeRulesAsync(listenerArn: create.ListenerArn, cancellationToken: ct).ConfigureAwait(false);
                var there = rules.FirstOrDefault(r => !r.IsDefault && RulePriority.Parse(r.Priority) == create.Rule.Priority);
                if (there == null)
                {
                    return ((Rule?)null, (bool?)null);
                }

                if (!AwsRuleDefaults.SameConditions(there.Conditions, create.Rule.Conditions) || !AwsRuleDefaults.SameActions(there.Actions, create.Rule.Actions))
                {
                    // Someone else's rule, or a read from before this run's own moves (the rule that sat there then).
                    return (null, null);
                }

                var tags = await _elb.DescribeTagsAsync(new[] { there.RuleArn! }, ct).ConfigureAwait(false);
                var found = tags.TryGetValue(there.RuleArn!, out var t) ? ModuleTags.Find(t, ModuleTags.Role) : null;
                return found == null ? (there, (bool?)null) : (there, found == role);
            }, read => read.Item2 != null, ct).ConfigureAwait(false);
            return verdict == true ? rule : null;
        }

        /// <summary>A rule ARN names its listener: arn:...:listener-rule/app/lb/id/listener-id/rule-id.</summary>
        internal static string ListenerOf(string ruleArn)
        {
            var slash = ruleArn.LastIndexOf('/');
            return ruleArn.Substring(0, slash).Replace(":listener-rule/", ":listener/");
        }
    }
}
