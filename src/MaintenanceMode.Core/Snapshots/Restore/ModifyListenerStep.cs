using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Operations.Planning.Steps;

namespace MaintenanceMode.Snapshots.Restore
{
    /// <summary>ModifyListener with the default actions only; OIDC secrets are kept as ModifyRule keeps them.</summary>
    public sealed class ModifyListenerStep : PlanStep
    {
        public ModifyListenerStep(string listenerArn, List<Action> defaultActions, List<Action> previous)
        {
            ListenerArn = listenerArn;
            DefaultActions = defaultActions;
            Previous = previous;
        }

        public string ListenerArn { get; }

        public List<Action> DefaultActions { get; }

        /// <summary>The default actions before the call, for the undo.</summary>
        public List<Action> Previous { get; }

        public override string Operation => "ModifyListener";

        public override string Describe() =>
            $"default actions {SnapshotComparer.Types(Previous)} -> {SnapshotComparer.Types(DefaultActions)}";

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            await context.Elb.ModifyListenerAsync(new ModifyListenerRequest { ListenerArn = ListenerArn, DefaultActions = DefaultActions }, cancellationToken).ConfigureAwait(false);
            return (new ModifyListenerStep(ListenerArn, SnapshotSecrets.WithoutSecrets(Previous), DefaultActions), null);
        }
    }
}
