using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>
    /// Sets and removes tags of the listener or of a rule: AddTags for missing or changed values, RemoveTags for
    /// keys to go. Enable tags the listener with the snapshot's location, Disable removes it, Restore puts a
    /// listener's or rule's tags back as the snapshot has them; the undo puts back exactly what the call changed.
    /// </summary>
    public sealed class TagResourceStep : PlanStep
    {
        public TagResourceStep(string resourceArn, string what, IReadOnlyList<Tag> add, IReadOnlyList<string> remove, IReadOnlyList<Tag> previous)
        {
            ResourceArn = resourceArn;
            What = what;
            Add = add;
            Remove = remove;
            Previous = previous;
        }

        /// <summary>Sets <paramref name="tags"/> on the listener; <paramref name="previous"/> holds the values those keys had.</summary>
        public static TagResourceStep Adding(string listenerArn, IReadOnlyList<Tag> tags, IReadOnlyList<Tag> previous) =>
            new TagResourceStep(listenerArn, "listener", tags, new List<string>(), previous);

        /// <summary>Removes <paramref name="keys"/> from the listener; <paramref name="previous"/> holds their values.</summary>
        public static TagResourceStep Removing(string listenerArn, IReadOnlyList<string> keys, IReadOnlyList<Tag> previous) =>
            new TagResourceStep(listenerArn, "listener", new List<Tag>(), keys, previous);

        public string ResourceArn { get; }

        /// <summary>"listener" or "rule": for the description.</summary>
        public string What { get; }

        public IReadOnlyList<Tag> Add { get; }

        public IReadOnlyList<string> Remove { get; }

        /// <summary>The values the touched keys had before, for the undo.</summary>
        public IReadOnlyList<Tag> Previous { get; }

        public override string Operation =>
            Add.Count > 0 && Remove.Count > 0 ? "AddTags+RemoveTags" : Add.Count > 0 ? "AddTags" : "RemoveTags";

        public override string Describe()
        {
            var parts = new List<string>();
            if (Add.Count > 0) parts.Add("set " + string.Join(", ", Add.Select(t => $"{t.Key}={t.Value}")));
            if (Remove.Count > 0) parts.Add("remove " + string.Join(", ", Remove));
            return $"{What} {ResourceArn}: {string.Join("; ", parts)}";
        }

        public override async Task<(PlanStep Undo, Rule? Created)> ApplyAsync(StepContext context, CancellationToken cancellationToken)
        {
            var arns = new[] { ResourceArn };
            if (Add.Count > 0)
            {
                await context.Elb.AddTagsAsync(arns, Add, cancellationToken).ConfigureAwait(false);
            }

            if (Remove.Count > 0)
            {
                await context.Elb.RemoveTagsAsync(arns, Remove, cancellationToken).ConfigureAwait(false);
            }

            // Undo: keys this step created go, and the values it overwrote or removed come back.
            var fresh = Add.Select(t => t.Key!).Where(k => Previous.All(p => p.Key != k)).ToList();
            var undoPrevious = Add.Where(t => Previous.Any(p => p.Key == t.Key)).ToList();
            return (new TagResourceStep(ResourceArn, What, Previous, fresh, undoPrevious), null);
        }
    }
}
