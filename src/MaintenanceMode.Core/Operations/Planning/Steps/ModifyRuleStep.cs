using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Snapshots;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>
    /// ModifyRule on a rule that still exists, so it keeps its ARN: only the parts that differ are sent
    /// (a null list stays as it is). Enable changes its page rule with it (a new page or status code); Restore puts
    /// a user's rule back as the snapshot has it. An OIDC action goes without its secret, so the client sends
    /// UseExistingClientSecret and AWS keeps the stored one.
    /// </summary>
    public sealed class ModifyRuleStep : PlanStep
    {
        public ModifyRuleStep(Rule current, List<RuleCondition>? conditions, List<Action>? actions, List<RuleTransform>? transforms, bool resetTransforms, string purpose)
        {
            Current = current;
            Conditions = conditions;
            Actions = actions;
            Transforms = transforms;
            ResetTransforms = resetTransforms;
            Purpose = purpose;
        }

        /// <summary>The rule as it is before the call, for the undo.</summary>
        public Rule Current { get; }

        public List<RuleCondition>? Conditions { get; }

        public List<Action>? Actions { get; }

        public List<RuleTransform>? Transforms { get; }

        public bool ResetTransforms { get; }

        public string Purpose { get; }

        public string RuleArn => Current.RuleArn!;

        public override string Operation => "ModifyRule";

        public override string Describe()
        {
            var parts = new List<string>();
            if (Conditions != null) parts.Add("conditions");
            if (Actions != null) parts.Add("actions (" + SnapshotComparer.Types(Actions) + ")");
            if (Transforms != null || ResetTransforms) parts.Add(ResetTransforms ? "transforms removed" : "transforms");
            return $"{Purpose} {RuleArn} (priority {Current.Priority}): {string.Join(", ", parts)}";
        }

        public ModifyRuleRequest ToRequest() => new ModifyRuleRequest
        {
            RuleArn = RuleArn,
            Conditions = Conditions,
            Actions = Actions,
            Transforms = Transforms,
            ResetTransforms = ResetTransforms ? true : (bool?)null,
        };

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            await context.Elb.ModifyRuleAsync(ToRequest(), cancellationToken).ConfigureAwait(false);
            var nowTransforms = Current.Transforms ?? new List<RuleTransform>();
            var undo = new ModifyRuleStep(
                new Rule { RuleArn = RuleArn, Priority = Current.Priority, Conditions = Conditions, Actions = Actions, Transforms = Transforms },
                Conditions == null ? null : Current.Conditions ?? new List<RuleCondition>(),
                Actions == null ? null : SnapshotSecrets.WithoutSecrets(Current.Actions),
                (Transforms != null || ResetTransforms) && nowTransforms.Count > 0 ? nowTransforms : null,
                (Transforms != null || ResetTransforms) && nowTransforms.Count == 0 && Transforms != null,
                "undo: put back");
            return (undo, null);
        }
    }
}
