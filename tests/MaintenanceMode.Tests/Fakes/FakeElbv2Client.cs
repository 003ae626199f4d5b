using System.Globalization;
using System.Net;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Targets;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>
    /// An in-memory ELBv2 that answers as AWS does, not as moto does: it enforces ALB's rule limits,
    /// keeps OIDC client secrets to itself, returns rules in a shuffled order, mirrors typed host and
    /// path configs into the legacy Values as DescribeRules does, answers RuleNotFound for a missing
    /// rule and judges SetRulePriorities on the final order. <see cref="MotoPriorityCheck"/> adds moto's
    /// stricter priority check on top, so a plan can be held to both. Every call is recorded; the switches
    /// and hooks in FakeElbv2Client.Behaviours.cs make calls fail, pause, lose their reply or read stale state.
    /// Calls may overlap: each acts under one lock, as one ELBv2 endpoint answers one change at a time.
    /// </summary>
    public sealed partial class FakeElbv2Client : IElbv2Client
    {
        public const string Region = "us-east-1";
        public const string Account = "123456789012";

        private readonly Random _shuffle;
        private readonly List<LoadBalancer> _loadBalancers = new List<LoadBalancer>();
        private readonly List<FakeListener> _listeners = new List<FakeListener>();
        private readonly Dictionary<string, List<Tag>> _tags = new Dictionary<string, List<Tag>>(StringComparer.Ordinal);
        private readonly List<FakeElbv2Call> _calls = new List<FakeElbv2Call>();
        private readonly object _sync = new object();
        private int _nextId = 0x1000;
        private int _mutatingCalls;

        // The call acting now (under _sync), so an error it raises is recorded on it; null while seeding.
        private FakeElbv2Call? _current;

        public FakeElbv2Client(int shuffleSeed = 1)
        {
            _shuffle = new Random(shuffleSeed);
        }

        /// <summary>Also reject a SetRulePriorities whose new priority some rule holds now, as moto does.</summary>
        public bool MotoPriorityCheck { get; set; }

        /// <summary>Rules per load balancer, default rules not counted (ALB's default quota is 100).</summary>
        public int RuleQuota { get; set; } = 100;

        /// <summary>DescribeAccountLimits answers 403 AccessDenied, as IAM does without the permission.</summary>
        public bool DenyAccountLimits { get; set; }

        public IReadOnlyList<FakeElbv2Call> Calls => _calls;

        public IEnumerable<FakeElbv2Call> MutatingCalls => _calls.Where(c => c.Mutating);

        /// <summary>The names of the mutating calls, in order, failed ones included.</summary>
        public IReadOnlyList<string> Writes => MutatingCalls.Select(c => c.Name).ToList();

        public void ClearCalls() => _calls.Clear();

        #region Seeding and inspection (not recorded)

        /// <summary>Adds a load balancer; <paramref name="id"/> fixes the last part of its ARN (16 hex digits) where a test needs a known one.</summary>
        public LoadBalancer AddLoadBalancer(string name, string type = "application", string? id = null)
        {
            id ??= NextId();
            var kind = type == "application" ? "app" : type == "network" ? "net" : "gwy";
            var lb = new LoadBalancer
            {
                LoadBalancerArn = $"arn:aws:elasticloadbalancing:{Region}:{Account}:loadbalancer/{kind}/{name}/{id}",
                LoadBalancerName = name,
                DNSName = $"{name}-{id}.{Region}.elb.example",
                Scheme = "internet-facing",
                Type = type,
                VpcId = "vpc-00000001",
                State = new LoadBalancerState { Code = "active" },
            };
            _loadBalancers.Add(lb);
            _tags[lb.LoadBalancerArn] = new List<Tag>();
            return ModelJson.Clone(lb);
        }

        /// <summary>Adds a listener with its default rule; <paramref name="id"/> fixes the last part of its ARN.</summary>
        public Listener AddListener(string loadBalancerArn, List<Action> defaultActions, int port = 80, string protocol = "HTTP", string? id = null)
        {
            var lb = _loadBalancers.Single(l => l.LoadBalancerArn == loadBalancerArn);
            var arn = loadBalancerArn.Replace(":loadbalancer/", ":listener/") + "/" + (id ?? NextId());
            var listener = new Listener
            {
                ListenerArn = arn,
                LoadBalancerArn = lb.LoadBalancerArn,
                Port = port,
                Protocol = protocol,
                DefaultActions = defaultActions.Select(a => a.Clone()).ToList(),
            };
            var fake = new FakeListener(listener);
            fake.Rules.Add(new Rule
            {
                RuleArn = arn.Replace(":listener/", ":listener-rule/") + "/" + NextId(),
                Priority = "default",
                IsDefault = true,
                Conditions = new List<RuleCondition>(),
                Actions = defaultActions.Select(a => a.Clone()).ToList(),
            });
            _listeners.Add(fake);
            _tags[arn] = new List<Tag>();
            return listener.Clone();
        }

        /// <summary>Adds a rule as if someone created it earlier: checked like CreateRule, not recorded.</summary>
        public Rule SeedRule(string listenerArn, int priority, List<RuleCondition> conditions, List<Action> actions,
            List<RuleTransform>? transforms = null, List<Tag>? tags = null) =>
            Create(new CreateRuleRequest
            {
                ListenerArn = listenerArn,
                Priority = priority,
                Conditions = conditions,
                Actions = actions,
                Transforms = transforms,
                Tags = tags,
            });

        /// <summary>Adds (or replaces by key) tags of a listener or rule, as if someone tagged it earlier: not recorded.</summary>
        public void SeedTags(string arn, params Tag[] tags) => AddTagsTo(arn, tags);

        /// <summary>The rules as stored (secrets kept, no mirrored Values), sorted by priority, default last. Read-only use.</summary>
        public IReadOnlyList<Rule> StoredRules(string listenerArn) => ListenerOf(listenerArn).Rules.OrderBy(SortKey).ToList();

        public IReadOnlyList<Tag> StoredTags(string arn) => _tags.TryGetValue(arn, out var t) ? t : new List<Tag>();

        public ListenerTarget Target(string listenerArn)
        {
            var l = ListenerOf(listenerArn);
            return new ListenerTarget(ModelJson.Clone(_loadBalancers.Single(b => b.LoadBalancerArn == l.Listener.LoadBalancerArn)), l.Listener.Clone());
        }

        /// <summary>Everything that makes the listener what it is, as text: equal images, equal listeners.</summary>
        public string Image(string listenerArn)
        {
            var l = ListenerOf(listenerArn);
            var image = new
            {
                ListenerTags = SortedTags(StoredTags(listenerArn)),
                l.Listener.DefaultActions,
                Rules = l.Rules.OrderBy(SortKey).Select(r => new
                {
                    r.RuleArn,
                    r.Priority,
                    r.IsDefault,
                    r.Conditions,
                    r.Actions,
                    r.Transforms,
                    Tags = r.IsDefault ? null : SortedTags(StoredTags(r.RuleArn!)),
                }).ToList(),
            };
            return System.Text.Json.JsonSerializer.Serialize(image, ModelJson.Options);
        }

        #endregion

        #region Someone else's changes (not recorded, not checked): the drift a restore or a Disable meets

        /// <summary>The stored rule itself, to change its priority, conditions, actions (secrets included) or transforms as someone else would.</summary>
        public Rule EditRule(string ruleArn) => FindRule(ruleArn).Rule;

        public void RemoveRule(string ruleArn)
        {
            var (listener, rule) = FindRule(ruleArn);
            listener.Rules.Remove(rule);
            _tags.Remove(ruleArn);
        }

        /// <summary>Replaces every tag of a listener or rule.</summary>
        public void SetTags(string arn, params Tag[] tags) => _tags[arn] = tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();

        public void SetDefaultActions(string listenerArn, List<Action> actions)
        {
            var listener = ListenerOf(listenerArn);
            listener.Listener.DefaultActions = actions.Select(a => a.Clone()).ToList();
            listener.Rules.Single(r => r.IsDefault).Actions = actions.Select(a => a.Clone()).ToList();
        }

        #endregion

        #region Reads

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<LoadBalancer>>("DescribeLoadBalancers", false, new { Names = names?.ToList(), LoadBalancerArns = loadBalancerArns?.ToList() }, () =>
            {
                IEnumerable<LoadBalancer> found = _loadBalancers;
                if (names != null)
                {
                    var wanted = names.ToList();
                    found = wanted.Select(n => _loadBalancers.FirstOrDefault(b => b.LoadBalancerName == n) ?? throw Error("LoadBalancerNotFound", $"One or more load balancers not found: {n}"));
                }
                else if (loadBalancerArns != null)
                {
                    found = loadBalancerArns.Select(a => _loadBalancers.FirstOrDefault(b => b.LoadBalancerArn == a) ?? throw Error("LoadBalancerNotFound", $"One or more load balancers not found: {a}"));
                }

                return found.Select(b => ModelJson.Clone(b)).ToList();
            });

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string? loadBalancerArn = null, IEnumerable<string>? listenerArns = null, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<Listener>>("DescribeListeners", false, new { LoadBalancerArn = loadBalancerArn, ListenerArns = listenerArns?.ToList() }, () =>
            {
                List<FakeListener> found;
                if (listenerArns != null)
                {
                    found = listenerArns.Select(ListenerOf).ToList();
                }
                else
                {
                    if (_loadBalancers.All(b => b.LoadBalancerArn != loadBalancerArn))
                    {
                        throw Error("LoadBalancerNotFound", "One or more load balancers not found");
                    }

                    found = _listeners.Where(l => l.Listener.LoadBalancerArn == loadBalancerArn).ToList();
                }

                return found.Select(l => Shaped(Described(l.Listener))).ToList();
            });

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string? listenerArn = null, IEnumerable<string>? ruleArns = null, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<Rule>>("DescribeRules", false, new { ListenerArn = listenerArn, RuleArns = ruleArns?.ToList() }, () =>
            {
                if ((listenerArn == null) == (ruleArns == null))
                {
                    throw Error("ValidationError", "Specify either a listener ARN or rule ARNs.");
                }

                var rules = listenerArn != null
                    ? (TakeLaggedRules(listenerArn) ?? ListenerOf(listenerArn).Rules).ToList()
                    : ruleArns!.Select(a => FindRule(a).Rule).ToList();
                var described = rules.Select(r => Shaped(Described(r))).ToList();

                // AWS promises no order; a caller that forgets to sort must fail here, not in production.
                for (var i = described.Count - 1; i > 0; i--)
                {
                    var j = _shuffle.Next(i + 1);
                    (described[i], described[j]) = (described[j], described[i]);
                }

                return described;
            });

        public Task<IReadOnlyList<Limit>> DescribeAccountLimitsAsync(CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<Limit>>("DescribeAccountLimits", false, null, () =>
            {
                if (DenyAccountLimits)
                {
                    throw Error("AccessDenied", "User is not authorized to perform: elasticloadbalancing:DescribeAccountLimits", status: HttpStatusCode.Forbidden);
                }

                return new List<Limit>
                {
                    new Limit { Name = "application-load-balancers", Max = "50" },
                    new Limit { Name = "rules-per-application-load-balancer", Max = RuleQuota.ToString(CultureInfo.InvariantCulture) },
                };
            });

        public Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
        {
            var arns = resourceArns.ToList();
            return Answer<IReadOnlyDictionary<string, IReadOnlyList<Tag>>>("DescribeTags", false, new { ResourceArns = arns }, () =>
            {
                var lagged = TakeLaggedTags();
                var result = new Dictionary<string, IReadOnlyList<Tag>>(StringComparer.Ordinal);
                foreach (var arn in arns)
                {
                    List<Tag>? tags;
                    if (lagged != null)
                    {
                        // A lagging read shows no tags for a resource created since (the proxy's lag_ms).
                        tags = lagged.TryGetValue(arn, out var earlier) ? earlier : new List<Tag>();
                    }
                    else if (!_tags.TryGetValue(arn, out tags))
                    {
                        throw NotFound(arn);
                    }

                    result[arn] = tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
                }

                return result;
            });
        }

        #endregion

        #region Writes

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) =>
            Answer("CreateRule", true, request, () => Shaped(Create(request)));

        public Task<Rule> ModifyRuleAsync(ModifyRuleRequest request, CancellationToken cancellationToken = default) =>
            Answer("ModifyRule", true, request, () =>
            {
                var (listener, rule) = FindRule(request.RuleArn ?? string.Empty);
                var conditions = request.Conditions == null ? null : Normalized(request.Conditions);
                if (conditions != null && !rule.IsDefault)
                {
                    Check(AlbRuleValidator.CheckConditions(conditions));
                }

                List<Action>? actions = null;
                if (request.Actions != null)
                {
                    actions = request.Actions.Select(a => a.Clone()).ToList();
                    foreach (var action in actions.Where(a => a.AuthenticateOidcConfig != null && string.IsNullOrEmpty(a.AuthenticateOidcConfig.ClientSecret)))
                    {
                        // The typed client sends UseExistingClientSecret=true when no secret is given.
                        action.AuthenticateOidcConfig!.ClientSecret = rule.Actions?.FirstOrDefault(o => o.Type == action.Type)?.AuthenticateOidcConfig?.ClientSecret;
                        action.AuthenticateOidcConfig.UseExistingClientSecret = null;
                    }

                    Check(AlbRuleValidator.CheckActions(actions, requireOidcSecret: true));
                }

                if (request.ResetTransforms == true && request.Transforms != null)
                {
                    throw Error("ValidationError", "ResetTransforms cannot be combined with Transforms.");
                }

                if (conditions != null && !rule.IsDefault)
                {
                    rule.Conditions = conditions;
                }

                if (actions != null)
                {
                    rule.Actions = actions;
                    if (rule.IsDefault)
                    {
                        listener.Listener.DefaultActions = actions.Select(a => a.Clone()).ToList();
                    }
                }

                if (request.ResetTransforms == true)
                {
                    rule.Transforms = null;
                }
                else if (request.Transforms != null)
                {
                    rule.Transforms = request.Transforms.Select(t => t.Clone()).ToList();
                }

                return Shaped(Described(rule));
            });

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) =>
            Answer("DeleteRule", true, ruleArn, () =>
            {
                var (listener, rule) = FindRule(ruleArn);
                if (rule.IsDefault)
                {
                    throw Error("OperationNotPermitted", "The default rule of a listener cannot be deleted.");
                }

                listener.Rules.Remove(rule);
                _tags.Remove(ruleArn);
                return true;
            });

        public Task<IReadOnlyList<Rule>> SetRulePrioritiesAsync(IEnumerable<RulePriorityPair> priorities, CancellationToken cancellationToken = default)
        {
            var pairs = priorities.Select(p => new RulePriorityPair { RuleArn = p.RuleArn, Priority = p.Priority }).ToList();
            return Answer<IReadOnlyList<Rule>>("SetRulePriorities", true, pairs, () =>
            {
                var found = new List<(FakeListener Listener, Rule Rule, int Priority)>();
                foreach (var pair in pairs)
                {
                    var (listener, rule) = FindRule(pair.RuleArn ?? string.Empty);
                    if (rule.IsDefault)
                    {
                        throw Error("OperationNotPermitted", "The priority of a default rule cannot be set.");
                    }

                    Check(AlbRuleValidator.CheckPriority(pair.Priority));
                    found.Add((listener, rule, pair.Priority));
                }

                if (found.Select(f => f.Rule).Distinct().Count() != found.Count)
                {
                    throw Error("ValidationError", "A rule is named more than once.");
                }

                foreach (var group in found.GroupBy(f => f.Listener))
                {
                    var moved = group.ToDictionary(f => f.Rule, f => f.Priority);
                    if (MotoPriorityCheck)
                    {
                        var held = group.Key.Rules.Where(r => !r.IsDefault).Select(r => r.Priority).ToHashSet();
                        var clash = moved.Values.FirstOrDefault(p => held.Contains(Format(p)));
                        if (clash != 0)
                        {
                            throw Error("PriorityInUse", $"Priority '{clash}' was already in use (moto's check against current priorities).");
                        }
                    }

                    // AWS: only the order after the call counts.
                    var final = group.Key.Rules.Where(r => !r.IsDefault).Select(r => moved.TryGetValue(r, out var p) ? p : ParsePriority(r)).ToList();
                    var duplicate = final.GroupBy(p => p).FirstOrDefault(g => g.Count() > 1);
                    if (duplicate != null)
                    {
                        throw Error("PriorityInUse", $"Priority '{duplicate.Key}' would be held by more than one rule.");
                    }
                }

                foreach (var f in found)
                {
                    f.Rule.Priority = Format(f.Priority);
                }

                return found.Select(f => Described(f.Rule)).ToList();
            });
        }

        public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default) =>
            Answer("ModifyListener", true, request, () =>
            {
                var listener = ListenerOf(request.ListenerArn ?? string.Empty);
                if (request.DefaultActions != null)
                {
                    var actions = request.DefaultActions.Select(a => a.Clone()).ToList();
                    Check(AlbRuleValidator.CheckActions(actions, requireOidcSecret: false));
                    listener.Listener.DefaultActions = actions;
                    listener.Rules.Single(r => r.IsDefault).Actions = actions.Select(a => a.Clone()).ToList();
                }

                return Described(listener.Listener);
            });

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default)
        {
            var arns = resourceArns.ToList();
            var list = tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();
            return Answer("AddTags", true, new { ResourceArns = arns, Tags = list }, () =>
            {
                foreach (var arn in arns)
                {
                    if (!_tags.ContainsKey(arn))
                    {
                        throw NotFound(arn);
                    }
                }

                foreach (var arn in arns)
                {
                    AddTagsTo(arn, list);
                }

                return true;
            });
        }

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default)
        {
            var arns = resourceArns.ToList();
            var keys = tagKeys.ToList();
            return Answer("RemoveTags", true, new { ResourceArns = arns, TagKeys = keys }, () =>
            {
                foreach (var arn in arns)
                {
                    if (!_tags.TryGetValue(arn, out var existing))
                    {
                        throw NotFound(arn);
                    }

                    existing.RemoveAll(t => keys.Contains(t.Key!));
                }

                return true;
            });
        }

        #endregion

        private Rule Create(CreateRuleRequest request)
        {
            var listener = ListenerOf(request.ListenerArn ?? string.Empty);
            Check(AlbRuleValidator.CheckPriority(request.Priority));
            var conditions = Normalized(request.Conditions ?? new List<RuleCondition>());
            Check(AlbRuleValidator.CheckConditions(conditions));
            var actions = (request.Actions ?? new List<Action>()).Select(a => a.Clone()).ToList();
            Check(AlbRuleValidator.CheckActions(actions, requireOidcSecret: true));
            if (listener.Rules.Any(r => !r.IsDefault && ParsePriority(r) == request.Priority))
            {
                throw Error("PriorityInUse", $"Priority '{request.Priority}' is currently in use");
            }

            var onLoadBalancer = _listeners.Where(l => l.Listener.LoadBalancerArn == listener.Listener.LoadBalancerArn).Sum(l => l.Rules.Count(r => !r.IsDefault));
            if (onLoadBalancer >= RuleQuota)
            {
                throw Error("TooManyRules", $"The load balancer already has {onLoadBalancer} rules; the quota is {RuleQuota}.");
            }

            var rule = new Rule
            {
                RuleArn = listener.Listener.ListenerArn!.Replace(":listener/", ":listener-rule/") + "/" + NextId(),
                Priority = Format(request.Priority),
                Conditions = conditions,
                Actions = actions,
                IsDefault = false,
                Transforms = request.Transforms?.Select(t => t.Clone()).ToList(),
            };
            listener.Rules.Add(rule);
            _tags[rule.RuleArn] = new List<Tag>();
            AddTagsTo(rule.RuleArn, request.Tags ?? new List<Tag>());
            return Described(rule);
        }

        /// <summary>
        /// What the typed client and AWS together make of conditions: a legacy Values list that repeats
        /// the typed config is dropped (as the client does); one that differs is an error.
        /// </summary>
        private List<RuleCondition> Normalized(List<RuleCondition> conditions)
        {
            var copy = conditions.Select(c => c.Clone()).ToList();
            foreach (var c in copy)
            {
                var typed = c.Field == "host-header" ? c.HostHeaderConfig?.Values : c.Field == "path-pattern" ? c.PathPatternConfig?.Values : null;
                if (c.Values != null && typed != null)
                {
                    if (!c.Values.SequenceEqual(typed, StringComparer.Ordinal))
                    {
                        throw Error("ValidationError", $"A {c.Field} condition has both Values and a config that differ.");
                    }

                    c.Values = null;
                }
            }

            return copy;
        }

        private void AddTagsTo(string arn, IEnumerable<Tag> tags)
        {
            if (!_tags.TryGetValue(arn, out var existing))
            {
                throw NotFound(arn);
            }

            foreach (var tag in tags)
            {
                existing.RemoveAll(t => t.Key == tag.Key);
                existing.Add(new Tag { Key = tag.Key, Value = tag.Value });
            }

            if (existing.Count > 50)
            {
                throw Error("TooManyTags", $"{arn} would have {existing.Count} tags; at most 50.");
            }
        }

        /// <summary>A rule as DescribeRules shows it: no OIDC secret, typed host/path values mirrored into Values.</summary>
        private static Rule Described(Rule stored)
        {
            var rule = stored.Clone();
            foreach (var c in rule.Conditions ?? new List<RuleCondition>())
            {
                if (c.Field == "host-header" && c.HostHeaderConfig?.Values != null)
                {
                    c.Values = c.HostHeaderConfig.Values.ToList();
                }
                else if (c.Field == "path-pattern" && c.PathPatternConfig?.Values != null)
                {
                    c.Values = c.PathPatternConfig.Values.ToList();
                }
            }

            StripSecrets(rule.Actions);
            return rule;
        }

        private static Listener Described(Listener stored)
        {
            var listener = stored.Clone();
            StripSecrets(listener.DefaultActions);
            return listener;
        }

        private static void StripSecrets(List<Action>? actions)
        {
            foreach (var a in actions ?? new List<Action>())
            {
                if (a.AuthenticateOidcConfig != null)
                {
                    a.AuthenticateOidcConfig.ClientSecret = null;
                }
            }
        }

        /// <summary>
        /// Every call's one way through the fake: recorded as it arrives, then <see cref="BeforeCall"/> (outside the
        /// lock, so calls can overlap), then under the lock the injected failures, the call itself and, once, the
        /// retry that follows a lost reply.
        /// </summary>
        private async Task<T> Answer<T>(string name, bool mutating, object? request, Func<T> act)
        {
            var call = Record(name, mutating, request);
            var before = BeforeCall;
            if (before != null)
            {
                try
                {
                    await before(call).ConfigureAwait(false);
                }
                catch (Elbv2Exception e)
                {
                    call.ErrorCode ??= e.ErrorCode;
                    throw;
                }
            }

            lock (_sync)
            {
                var result = Act(call, act);
                if (TakeLostReply(call))
                {
                    // The change is made but its reply is lost: the SDK sends the call again, and the
                    // caller sees what the retry is answered.
                    return Act(Record(name, mutating, request), act);
                }

                return result;
            }
        }

        private T Act<T>(FakeElbv2Call call, Func<T> act)
        {
            _current = call;
            try
            {
                if (call.Mutating)
                {
                    ThrowIfInjected(call);
                    BeforeMutation?.Invoke(call);
                }

                var result = act();
                if (call.Mutating)
                {
                    Mutated?.Invoke(call);
                }

                return result;
            }
            finally
            {
                _current = null;
            }
        }

        private FakeElbv2Call Record(string name, bool mutating, object? request)
        {
            lock (_sync)
            {
                // A write's request is copied, so a caller that reuses its objects cannot rewrite the record.
                var copy = mutating && request != null
                    ? System.Text.Json.JsonSerializer.Deserialize(System.Text.Json.JsonSerializer.Serialize(request, request.GetType(), ModelJson.Options), request.GetType(), ModelJson.Options)
                    : request;
                var call = new FakeElbv2Call(_calls.Count + 1, name, mutating, mutating ? ++_mutatingCalls : 0, copy);
                _calls.Add(call);
                return call;
            }
        }

        private void Check((string Code, string Message)? problem)
        {
            if (problem != null)
            {
                throw Error(problem.Value.Code, problem.Value.Message);
            }
        }

        private Elbv2Exception Error(string code, string message, Elbv2ErrorType type = Elbv2ErrorType.Sender, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var action = _current?.Name ?? "Seed";
            if (_current != null && _current.ErrorCode == null)
            {
                _current.ErrorCode = code;
            }

            return new Elbv2Exception(code, message, action, type, status, "fake-" + NextId(), message);
        }

        private Elbv2Exception NotFound(string arn) =>
            arn.Contains(":listener-rule/") ? Error("RuleNotFound", $"Rule '{arn}' not found")
            : arn.Contains(":listener/") ? Error("ListenerNotFound", $"Listener '{arn}' not found")
            : Error("LoadBalancerNotFound", $"Load balancer '{arn}' not found");

        private FakeListener ListenerOf(string listenerArn) =>
            _listeners.FirstOrDefault(l => l.Listener.ListenerArn == listenerArn) ?? throw Error("ListenerNotFound", $"Listener '{listenerArn}' not found");

        private (FakeListener Listener, Rule Rule) FindRule(string ruleArn)
        {
            foreach (var l in _listeners)
            {
                var rule = l.Rules.FirstOrDefault(r => r.RuleArn == ruleArn);
                if (rule != null)
                {
                    return (l, rule);
                }
            }

            throw Error("RuleNotFound", $"One or more rules not found: {ruleArn}");
        }

        private string NextId() => (_nextId++).ToString("x16", CultureInfo.InvariantCulture);

        private static int SortKey(Rule r) => r.IsDefault ? int.MaxValue : ParsePriority(r);

        private static int ParsePriority(Rule r) => int.Parse(r.Priority!, CultureInfo.InvariantCulture);

        private static string Format(int p) => p.ToString(CultureInfo.InvariantCulture);

        private static List<Tag> SortedTags(IEnumerable<Tag> tags) => tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();

        private sealed class FakeListener
        {
            public FakeListener(Listener listener)
            {
                Listener = listener;
            }

            public Listener Listener { get; }

            public List<Rule> Rules { get; } = new List<Rule>();
        }
    }
}
