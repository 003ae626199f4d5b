using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// The typed ELBv2 client: encodes requests with <see cref="QueryFormWriter"/>, decodes results with
    /// <see cref="QueryXmlReader"/>, and leaves HTTP, signing, retries and errors to the transport.
    /// </summary>
    public sealed class Elbv2Client : IElbv2Client
    {
        /// <summary>The largest page the Describe* calls allow: fewer round trips against a 10/s throttle.</summary>
        internal const int PageSize = 400;

        /// <summary>DescribeTags takes at most 20 ARNs; tag writes are batched the same way.</summary>
        internal const int TagBatchSize = 20;

        private readonly IQueryTransport transport;

        public Elbv2Client(IQueryTransport transport)
        {
            this.transport = transport ?? throw new ArgumentNullException(nameof(transport));
        }

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(
            IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default)
        {
            var arnList = loadBalancerArns?.ToList();
            var nameList = names?.ToList();
            return DescribeAllPagesAsync<LoadBalancer>("DescribeLoadBalancers", "LoadBalancers",
                writer => writer.Add("LoadBalancerArns", arnList).Add("Names", nameList), cancellationToken);
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(
            string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default)
        {
            var arnList = listenerArns?.ToList();
            if (string.IsNullOrEmpty(loadBalancerArn) && (arnList == null || arnList.Count == 0))
            {
                throw new ArgumentException("Give a load balancer ARN or at least one listener ARN.", nameof(loadBalancerArn));
            }

            return DescribeAllPagesAsync<Listener>("DescribeListeners", "Listeners",
                writer => writer.Add("LoadBalancerArn", loadBalancerArn).Add("ListenerArns", arnList), cancellationToken);
        }

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(
            string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default)
        {
            var arnList = ruleArns?.ToList();
            var hasRuleArns = arnList != null && arnList.Count > 0;
            if (string.IsNullOrEmpty(listenerArn) == !hasRuleArns)
            {
                throw new ArgumentException("Give either a listener ARN or rule ARNs, not both and not neither.", nameof(listenerArn));
            }

            return DescribeAllPagesAsync<Rule>("DescribeRules", "Rules",
                writer => writer.Add("ListenerArn", listenerArn).Add("RuleArns", arnList), cancellationToken);
        }

        public async Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireArn(request.ListenerArn, "CreateRuleRequest.ListenerArn");
            WriteForm.RequireClientSecretsForCreate(request.Actions);
            var wire = new CreateRuleRequest
            {
                ListenerArn = request.ListenerArn,
                Conditions = WriteForm.Conditions(request.Conditions),
                Priority = request.Priority,
                Actions = request.Actions,
                Tags = request.Tags,
                Transforms = request.Transforms,
            };
            var result = await InvokeAsync("CreateRule", new QueryFormWriter().AddMembers(wire), cancellationToken).ConfigureAwait(false);
            return Single(QueryXmlReader.ReadList<Rule>(result, "Rules"), "CreateRule", "Rules");
        }

        public async Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireArn(request.RuleArn, "ModifyRuleRequest.RuleArn");
            var wire = new ModifyRuleRequest
            {
                RuleArn = request.RuleArn,
                Conditions = WriteForm.Conditions(request.Conditions),
                Actions = WriteForm.ActionsForModify(request.Actions),
                Transforms = request.Transforms,
                ResetTransforms = request.ResetTransforms,
            };
            var result = await InvokeAsync("ModifyRule", new QueryFormWriter().AddMembers(wire), cancellationToken).ConfigureAwait(false);
            return Single(QueryXmlReader.ReadList<Rule>(result, "Rules"), "ModifyRule", "Rules");
        }

        public async Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default)
        {
            RequireArn(ruleArn, nameof(ruleArn));
            await InvokeAsync("DeleteRule", new QueryFormWriter().Add("RuleArn", ruleArn), cancellationToken).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default)
        {
            if (priorities == null) throw new ArgumentNullException(nameof(priorities));
            var pairs = priorities.ToList();
            if (pairs.Count == 0) return new List<Rule>();
            var result = await InvokeAsync("SetRulePriorities", new QueryFormWriter().Add("RulePriorities", pairs), cancellationToken).ConfigureAwait(false);
            return QueryXmlReader.ReadList<Rule>(result, "Rules");
        }

        public async Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireArn(request.ListenerArn, "ModifyListenerRequest.ListenerArn");
            var wire = new ModifyListenerRequest
            {
                ListenerArn = request.ListenerArn,
                DefaultActions = WriteForm.ActionsForModify(request.DefaultActions),
            };
            var result = await InvokeAsync("ModifyListener", new QueryFormWriter().AddMembers(wire), cancellationToken).ConfigureAwait(false);
            return Single(QueryXmlReader.ReadList<Listener>(result, "Listeners"), "ModifyListener", "Listeners");
        }

        public async Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(
            IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
        {
            var tags = new Dictionary<string, IReadOnlyList<Tag>>(StringComparer.Ordinal);
            foreach (var batch in Batches(resourceArns, nameof(resourceArns)))
            {
                var result = await InvokeAsync("DescribeTags", new QueryFormWriter().Add("ResourceArns", batch), cancellationToken).ConfigureAwait(false);
                foreach (var description in QueryXmlReader.ReadList<TagDescription>(result, "TagDescriptions"))
                {
                    if (description.ResourceArn != null)
                    {
                        tags[description.ResourceArn] = description.Tags ?? new List<Tag>();
                    }
                }
            }

            return tags;
        }

        public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default) =>
            DescribeAllPagesAsync<Limit>("DescribeAccountLimits", "Limits", _ => { }, cancellationToken);

        public async Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default)
        {
            var tagList = tags?.ToList() ?? throw new ArgumentNullException(nameof(tags));
            if (tagList.Count == 0) throw new ArgumentException("Give at least one tag to add.", nameof(tags));
            foreach (var batch in Batches(resourceArns, nameof(resourceArns)))
            {
                await InvokeAsync("AddTags", new QueryFormWriter().Add("ResourceArns", batch).Add("Tags", tagList), cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default)
        {
            var keyList = tagKeys?.ToList() ?? throw new ArgumentNullException(nameof(tagKeys));
            if (keyList.Count == 0) throw new ArgumentException("Give at least one tag key to remove.", nameof(tagKeys));
            foreach (var batch in Batches(resourceArns, nameof(resourceArns)))
            {
                await InvokeAsync("RemoveTags", new QueryFormWriter().Add("ResourceArns", batch).Add("TagKeys", keyList), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Follows <c>NextMarker</c> until the service stops returning one.</summary>
        private async Task<IReadOnlyList<T>> DescribeAllPagesAsync<T>(
            string action, string listName, Action<QueryFormWriter> writeFilters, CancellationToken cancellationToken)
            where T : class
        {
            var items = new List<T>();
            var seenMarkers = new HashSet<string>(StringComparer.Ordinal);
            string? marker = null;
            do
            {
                var writer = new QueryFormWriter();
                writeFilters(writer);
                writer.Add("Marker", marker).Add("PageSize", PageSize);
                var result = await InvokeAsync(action, writer, cancellationToken).ConfigureAwait(false);
                items.AddRange(QueryXmlReader.ReadList<T>(result, listName));
                marker = QueryXmlReader.ReadText(result, "NextMarker");
                if (marker != null && !seenMarkers.Add(marker))
                {
                    // A marker seen before would page forever; the service never does this on purpose.
                    throw new InvalidDataException(
                        $"{action} returned the page marker '{marker}' twice; stopped paging to avoid an endless loop.");
                }
            }
            while (marker != null);

            return items;
        }

        private Task<XElement> InvokeAsync(string action, QueryFormWriter writer, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return transport.InvokeAsync(action, writer.Fields, cancellationToken);
        }

        private static IEnumerable<List<string>> Batches(IEnumerable<string> arns, string parameterName)
        {
            if (arns == null) throw new ArgumentNullException(parameterName);
            var distinct = arns.Distinct(StringComparer.Ordinal).ToList();
            for (var start = 0; start < distinct.Count; start += TagBatchSize)
            {
                yield return distinct.GetRange(start, Math.Min(TagBatchSize, distinct.Count - start));
            }
        }

        private static void RequireArn(string? arn, string name)
        {
            if (string.IsNullOrWhiteSpace(arn)) throw new ArgumentException($"{name} is required.", name);
        }

        private static T Single<T>(List<T> items, string action, string listName)
        {
            if (items.Count == 0)
            {
                throw new InvalidDataException($"{action} succeeded but its response holds no {listName}; cannot tell what the service stored.");
            }

            return items[0];
        }
    }
}
