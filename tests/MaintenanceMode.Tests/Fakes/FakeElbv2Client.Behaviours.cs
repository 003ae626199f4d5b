using System.Net;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>
    /// What the fake can be switched to do beyond answering: fail a call, pause one, lose a reply, read stale
    /// state. The AWS behaviours carry the names the AWS-behaviour proxy gives them (lose_reply, lag_ms), so a
    /// case found with Pester can be pinned down here.
    /// </summary>
    public sealed partial class FakeElbv2Client
    {
        private readonly HashSet<string> _failNext = new HashSet<string>(StringComparer.Ordinal);
        private Func<FakeElbv2Call, bool>? _loseReply;
        private Earlier? _laggedRules;
        private Earlier? _laggedTags;

        /// <summary>Mutating calls (counted from 1, failed ones included) that fail instead of acting.</summary>
        public HashSet<int> FailingMutatingCalls { get; } = new HashSet<int>();

        /// <summary>The error code the injected failures answer with.</summary>
        public string InjectedErrorCode { get; set; } = "InternalFailure";

        /// <summary>Raised when a mutating call arrives (and is not an injected failure), before it acts.</summary>
        public event Action<FakeElbv2Call>? BeforeMutation;

        /// <summary>Raised after each mutating call that succeeded, with the state already changed.</summary>
        public event Action<FakeElbv2Call>? Mutated;

        /// <summary>
        /// Awaited before every call acts, outside the fake's lock: a test pauses a call here (a slow account,
        /// calls that overlap) or fails it by throwing. The call is already recorded.
        /// </summary>
        public Func<FakeElbv2Call, Task>? BeforeCall { get; set; }

        /// <summary>
        /// The proxy's shape=1, the part the fake does not always do: DescribeRules, CreateRule, ModifyRule and
        /// DescribeListeners answer every action with its Order (1..n when none was sent) and a forward sent as a
        /// bare TargetGroupArn also as a ForwardConfig (that group, weight 1, stickiness off), as AWS writes them.
        /// </summary>
        public bool Shape { get; set; }

        /// <summary>The call whose reply was lost (see <see cref="LoseReplyOnce"/>), or null.</summary>
        public FakeElbv2Call? LostReply { get; private set; }

        /// <summary>The next call of <paramref name="operation"/> fails with <see cref="InjectedErrorCode"/>, once.</summary>
        public void FailNext(string operation) => _failNext.Add(operation);

        /// <summary>
        /// The proxy's lose_reply, once: the next mutating call that <paramref name="matches"/> makes its change,
        /// its reply is lost and the SDK's retry is answered instead (a CreateRule's retry meets its own rule's
        /// PriorityInUse; a SetRulePriorities retry meets moto's check when <see cref="MotoPriorityCheck"/> is on).
        /// </summary>
        public void LoseReplyOnce(Func<FakeElbv2Call, bool> matches) => _loseReply = matches;

        /// <summary>The listeners' rules and every tag as they are now, for <see cref="LagReadsOnce"/>.</summary>
        public Earlier Remember()
        {
            lock (_sync)
            {
                return new Earlier(
                    _listeners.ToDictionary(l => l.Listener.ListenerArn!, l => l.Rules.Select(r => r.Clone()).ToList(), StringComparer.Ordinal),
                    _tags.ToDictionary(t => t.Key, t => t.Value.Select(x => new Tag { Key = x.Key, Value = x.Value }).ToList(), StringComparer.Ordinal));
            }
        }

        /// <summary>
        /// The proxy's lag_ms, for one read: the next DescribeRules and the next DescribeTags answer from the
        /// state <paramref name="earlier"/> remembered, as AWS's reads may lag its writes (a resource created
        /// since shows no tags).
        /// </summary>
        public void LagReadsOnce(Earlier earlier)
        {
            _laggedRules = earlier;
            _laggedTags = earlier;
        }

        private Rule Shaped(Rule rule)
        {
            ShapeActions(rule.Actions);
            return rule;
        }

        private Listener Shaped(Listener listener)
        {
            ShapeActions(listener.DefaultActions);
            return listener;
        }

        private void ShapeActions(List<Action>? actions)
        {
            if (!Shape || actions == null)
            {
                return;
            }

            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                action.Order ??= i + 1;
                if (action.Type == "forward" && action.TargetGroupArn != null && action.ForwardConfig == null)
                {
                    action.ForwardConfig = new ForwardActionConfig
                    {
                        TargetGroups = new List<TargetGroupTuple> { new TargetGroupTuple { TargetGroupArn = action.TargetGroupArn, Weight = 1 } },
                        TargetGroupStickinessConfig = new TargetGroupStickinessConfig { Enabled = false },
                    };
                }
            }
        }

        private void ThrowIfInjected(FakeElbv2Call call)
        {
            if (FailingMutatingCalls.Contains(call.MutatingIndex) || _failNext.Remove(call.Name))
            {
                throw Error(InjectedErrorCode, $"Injected failure of mutating call {call.MutatingIndex} ({call.Name}).", Elbv2ErrorType.Receiver, HttpStatusCode.InternalServerError);
            }
        }

        private bool TakeLostReply(FakeElbv2Call call)
        {
            if (!call.Mutating || _loseReply == null || !_loseReply(call))
            {
                return false;
            }

            _loseReply = null;
            LostReply = call;
            return true;
        }

        private List<Rule>? TakeLaggedRules(string listenerArn)
        {
            var earlier = _laggedRules;
            _laggedRules = null;
            return earlier != null && earlier.Rules.TryGetValue(listenerArn, out var rules) ? rules : null;
        }

        private Dictionary<string, List<Tag>>? TakeLaggedTags()
        {
            var earlier = _laggedTags;
            _laggedTags = null;
            return earlier?.Tags;
        }

        /// <summary>The fake's rules and tags at one moment (<see cref="Remember"/>).</summary>
        public sealed class Earlier
        {
            internal Earlier(Dictionary<string, List<Rule>> rules, Dictionary<string, List<Tag>> tags)
            {
                Rules = rules;
                Tags = tags;
            }

            internal Dictionary<string, List<Rule>> Rules { get; }

            internal Dictionary<string, List<Tag>> Tags { get; }
        }
    }
}
