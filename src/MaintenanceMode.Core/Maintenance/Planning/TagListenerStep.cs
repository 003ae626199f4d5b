using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Maintenance.Planning
{
    /// <summary>Adds the module's tags to the listener (AddTags), or removes them (RemoveTags).</summary>
    public sealed class TagListenerStep : PlanStep
    {
        private TagListenerStep(string listenerArn, IReadOnlyList<Tag> add, IReadOnlyList<string> remove, IReadOnlyList<Tag> previous)
        {
            ListenerArn = listenerArn;
            Add = add;
            Remove = remove;
            Previous = previous;
        }

        public string ListenerArn { get; }

        public IReadOnlyList<Tag> Add { get; }

        public IReadOnlyList<string> Remove { get; }

        /// <summary>The values the touched keys had before, for the undo.</summary>
        public IReadOnlyList<Tag> Previous { get; }

        public static TagListenerStep Adding(string listenerArn, IReadOnlyList<Tag> tags, IReadOnlyList<Tag> previous) =>
            new TagListenerStep(listenerArn, tags, new List<string>(), previous);

        public static TagListenerStep Removing(string listenerArn, IReadOnlyList<string> keys, IReadOnlyList<Tag> previous) =>
            new TagListenerStep(listenerArn, new List<Tag>(), keys, previous);

        public override string Operation => Add.Count > 0 ? "AddTags" : "RemoveTags";

        public override string Describe() => Add.Count > 0
            ? "listener " + string.Join(", ", Add.Select(t => $"{t.Key}={t.Value}"))
            : "listener " + string.Join(", ", Remove);

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (Add.Count > 0)
            {
                await context.Elb.AddTagsAsync(new[] { ListenerArn }, Add, cancellationToken).ConfigureAwait(false);
                var fresh = Add.Select(t => t.Key!).Where(k => Previous.All(p => p.Key != k)).ToList();
                return (fresh.Count > 0
                    ? TagListenerStep.Removing(ListenerArn, fresh, new List<Tag>())
                    : TagListenerStep.Adding(ListenerArn, Previous, Add), null);
            }

            await context.Elb.RemoveTagsAsync(new[] { ListenerArn }, Remove, cancellationToken).ConfigureAwait(false);
            return (TagListenerStep.Adding(ListenerArn, Previous, new List<Tag>()), null);
        }
    }
}
