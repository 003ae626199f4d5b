using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Snapshots
{
    /// <summary>
    /// One ALB listener in memory, answering as AWS does (OIDC secrets never returned and kept by
    /// UseExistingClientSecret; CreateRule refuses an OIDC action without one), with moto's stricter
    /// SetRulePriorities check on request, a call log and one injected failure.
    /// </summary>
    internal sealed class FakeListenerElb : IElbv2Client
    {
        public const string LoadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/0123456789abcdef";
        public const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/0123456789abcdef/00000000000000aa";
        private int _nextRule = 100;

        public FakeListenerElb()
        {
            Rules.Add(new Rule { RuleArn = RuleArn(0), Priority = "default", IsDefault = true, Actions = new List<Action> { Forward("tg-default") } });
        }

        /// <summary>Every new priority must be free now, as moto checks; otherwise only the final state must be unique, as AWS checks.</summary>
        public bool MotoPriorityCheck { get; set; } = true;

        /// <summary>The operation that fails (once) with an Elbv2Exception.</summary>
        public string? FailOn { get; set; }

        public List<Rule> Rules { get; } = new List<Rule>();

        public Dictionary<string, List<Tag>> Tags { get; } = new Dictionary<string, List<Tag>>(StringComparer.Ordinal);

        /// <summary>Secrets as stored, by rule ARN (or listener ARN for the default actions).</summary>
        public Dictionary<string, string?> StoredSecrets { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        public List<string> Calls { get; } = new List<string>();

        public List<string> Writes => Calls.Where(c => !c.StartsWith("Describe", StringComparison.Ordinal)).ToList();

        public static string RuleArn(int id) => $"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop/0123456789abcdef/00000000000000aa/{id:x16}";

        public static Action Forward(string targetGroup) => new Action { Type = "forward", TargetGroupArn = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{targetGroup}/0000000000000001" };

        public static List<RuleCondition> Path(string pattern) => new List<RuleCondition>
        {
            new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = new List<string> { pattern } } },
        };

        public Rule Add(int priority, string path, Action action, params Tag[] tags)
        {
            var rule = new Rule { RuleArn = RuleArn(_nextRule++), Priority = priority.ToString(), Conditions = Path(path), Actions = new List<Action> { action } };
            Rules.Add(rule);
            Tags[rule.RuleArn!] = tags.ToList();
            return rule;
        }

        public Rule Rule(string arn) => Rules.Single(r => r.RuleArn == arn);

        // Changes made "by someone else" between the snapshot and the restore: straight to the state, not logged.

        public void Move(string arn, int priority) => Rule(arn).Priority = priority.ToString();

        public void Delete(string arn)
        {
            Rules.Remove(Rule(arn));
            Tags.Remove(arn);
        }

        /// <summary>Sets a rule's actions as ModifyRule does: a secret given is stored, never described.</summary>
        public void SetActions(string arn, List<Action> actions) => Rule(arn).Actions = Store(actions, arn);

        public void SetDefaultActions(List<Action> actions) => Rules.Single(r => r.IsDefault).Actions = Store(actions, ListenerArn);

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default)
        {
            Calls.Add("DescribeLoadBalancers");
            return Task.FromResult<IReadOnlyList<LoadBalancer>>(new[] { new LoadBalancer { LoadBalancerArn = LoadBalancerArn, LoadBalancerName = "shop", Type = "application" } });
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default)
        {
            Calls.Add("DescribeListeners");
            return Task.FromResult<IReadOnlyList<Listener>>(new[] { Listener() });
        }

        public Listener Listener() => new Listener
        {
            ListenerArn = ListenerArn,
            LoadBalancerArn = LoadBalancerArn,
            Port = 80,
            Protocol = "HTTP",
            DefaultActions = Rules.Single(r => r.IsDefault).Actions!.Select(a => a.Clone()).ToList(),
        };

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default)
        {
            Calls.Add("DescribeRules");
            return Task.FromResult<IReadOnlyList<Rule>>(Rules.Select(r => r.Clone()).ToList());
        }

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default)
        {
            Write("CreateRule");
            if (request.Actions!.Any(a => a.AuthenticateOidcConfig != null && string.IsNullOrEmpty(a.AuthenticateOidcConfig.ClientSecret)))
            {
                throw new ArgumentException("CreateRule needs the OIDC ClientSecret.", nameof(request));
            }

            if (Rules.Any(r => r.Priority == request.Priority.ToString()))
            {
                throw Error("PriorityInUse", "CreateRule");
            }

            var rule = new Rule
            {
                RuleArn = RuleArn(_nextRule++),
                Priority = request.Priority.ToString(),
                Conditions = request.Conditions!.Select(ModelJson.Clone).ToList(),
                Actions = Store(request.Actions!, null),
                Transforms = request.Transforms?.Select(ModelJson.Clone).ToList(),
            };
            StoredSecrets[rule.RuleArn!] = request.Actions!.Select(a => a.AuthenticateOidcConfig?.ClientSecret).FirstOrDefault(s => s != null);
            Rules.Add(rule);
            Tags[rule.RuleArn!] = (request.Tags ?? new List<Tag>()).Select(ModelJson.Clone).ToList();
            return Task.FromResult(rule.Clone());
        }

        public Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default)
        {
            Write("ModifyRule");
            var rule = Rule(request.RuleArn!);
            if (request.Conditions != null) rule.Conditions = request.Conditions.Select(ModelJson.Clone).ToList();
            if (request.Actions != null) rule.Actions = Store(request.Actions, rule.RuleArn!);
            if (request.Transforms != null) rule.Transforms = request.Transforms.Select(ModelJson.Clone).ToList();
            if (request.ResetTransforms == true) rule.Transforms = null;
            return Task.FromResult(rule.Clone());
        }

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default)
        {
            Write("DeleteRule");
            Rules.Remove(Rule(ruleArn));
            Tags.Remove(ruleArn);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default)
        {
            Write("SetRulePriorities");
            var pairs = priorities.ToList();
            var others = Rules.Where(r => !r.IsDefault && pairs.All(p => p.RuleArn != r.RuleArn)).Select(r => r.Priority).ToList();
            var held = MotoPriorityCheck ? Rules.Where(r => !r.IsDefault).Select(r => r.Priority).ToList() : others;
            if (pairs.Any(p => held.Contains(p.Priority.ToString())) || pairs.Select(p => p.Priority).Distinct().Count() != pairs.Count)
            {
                throw Error("PriorityInUse", "SetRulePriorities");
            }

            foreach (var pair in pairs)
            {
                Rule(pair.RuleArn!).Priority = pair.Priority.ToString();
            }

            return Task.FromResult<IReadOnlyList<Rule>>(pairs.Select(p => Rule(p.RuleArn!).Clone()).ToList());
        }

        public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default)
        {
            Write("ModifyListener");
            Rules.Single(r => r.IsDefault).Actions = Store(request.DefaultActions!, ListenerArn);
            return Task.FromResult(Listener());
        }

        public Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
        {
            Calls.Add("DescribeTags");
            var result = new Dictionary<string, IReadOnlyList<Tag>>(StringComparer.Ordinal);
            foreach (var arn in resourceArns.Where(Tags.ContainsKey))
            {
                result[arn] = Tags[arn].Select(ModelJson.Clone).ToList();
            }

            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<Tag>>>(result);
        }

        public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Limit>>(new List<Limit>());

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default)
        {
            Write("AddTags");
            foreach (var arn in resourceArns)
            {
                var list = Tags.TryGetValue(arn, out var existing) ? existing : Tags[arn] = new List<Tag>();
                foreach (var tag in tags)
                {
                    list.RemoveAll(t => t.Key == tag.Key);
                    list.Add(ModelJson.Clone(tag));
                }
            }

            return Task.CompletedTask;
        }

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default)
        {
            Write("RemoveTags");
            foreach (var arn in resourceArns.Where(Tags.ContainsKey))
            {
                Tags[arn].RemoveAll(t => tagKeys.Contains(t.Key));
            }

            return Task.CompletedTask;
        }

        /// <summary>What AWS keeps: never the secret in the description; the stored one when UseExistingClientSecret is set.</summary>
        private List<Action> Store(List<Action> actions, string? arn)
        {
            var copy = actions.Select(ModelJson.Clone).ToList();
            foreach (var oidc in copy.Select(a => a.AuthenticateOidcConfig).Where(o => o != null))
            {
                // Without a secret the real client sends UseExistingClientSecret=true: the stored one stays.
                if (oidc!.ClientSecret != null && arn != null)
                {
                    StoredSecrets[arn] = oidc.ClientSecret;
                }

                oidc.ClientSecret = null;
                oidc.UseExistingClientSecret = null;
            }

            return copy;
        }

        private void Write(string operation)
        {
            Calls.Add(operation);
            if (FailOn == operation)
            {
                FailOn = null;
                throw Error("InternalFailure", operation);
            }
        }

        private static Elbv2Exception Error(string code, string action) => new Elbv2Exception(code, $"{action} failed: {code}", action);
    }
}
