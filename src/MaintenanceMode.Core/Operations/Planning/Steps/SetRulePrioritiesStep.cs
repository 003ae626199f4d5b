using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>Moves rules in one call. Relative order is kept, so routing does not change.</summary>
    public sealed class SetRulePrioritiesStep : PlanStep
    {
        public SetRulePrioritiesStep(IReadOnlyList<RulePriorityPair> moves, IReadOnlyDictionary<string, int> previous, string purpose)
        {
            Moves = moves;
            Previous = previous;
            Purpose = purpose;
        }

        public IReadOnlyList<RulePriorityPair> Moves { get; }

        /// <summary>Each moved rule's priority before the call, for the undo.</summary>
        public IReadOnlyDictionary<string, int> Previous { get; }

        public string Purpose { get; }

        public override string Operation => "SetRulePriorities";

        public override string Describe() =>
            $"{Purpose}: " + string.Join(", ", Moves.Select(m => $"{(Previous.TryGetValue(m.RuleArn!, out var p) ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}->{m.Priority}"));

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            try
            {
                await context.Elb.SetRulePrioritiesAsync(Moves, cancellationToken).ConfigureAwait(false);
            }
            catch (Elbv2Exception taken) when (taken.ErrorCode == Elbv2ErrorCodes.PriorityInUse)
            {
                // A retry after a lost reply: moto refuses it, though the rules already sit where the call puts them.
                if (!await AlreadyMovedAsync(context, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }

                context.Reporter.Verbose("the rules already have these priorities (a retried call whose reply was lost)");
            }

            var back = Moves.Select(m => new RulePriorityPair { RuleArn = m.RuleArn, Priority = Previous[m.RuleArn!] }).ToList();
            var now = Moves.ToDictionary(m => m.RuleArn!, m => m.Priority);
            return (new SetRulePrioritiesStep(back, now, "undo: " + Purpose), null);
        }

        /// <summary>True when every rule of this step already has the priority the step gives it.</summary>
        private async Task<bool> AlreadyMovedAsync(StepContext context, CancellationToken ct)
        {
            // The call that took effect may not show in reads yet: read again for a while before concluding it did not.
            return await context.Reads.UntilAsync(async () =>
            {
                var now = await context.Elb.DescribeRulesAsync(ruleArns: Moves.Select(m => m.RuleArn!).ToList(), cancellationToken: ct).ConfigureAwait(false);
                return Moves.All(m => now.Any(r => r.RuleArn == m.RuleArn && RulePriority.Parse(r.Priority) == m.Priority));
            }, moved => moved, ct).ConfigureAwait(false);
        }
    }
}
