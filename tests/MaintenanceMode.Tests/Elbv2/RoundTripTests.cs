using System.Collections;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Snapshots;
using MaintenanceMode.Records;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Elbv2
{
    /// <summary>
    /// Read-then-write must lose nothing a user configured: decode the rich DescribeRules response,
    /// send each rule back, decode what went on the wire, and compare it with what was read.
    /// </summary>
    public class RoundTripTests
    {
        /// <summary>Members DescribeRules never returns (they exist for writes only).</summary>
        private static readonly HashSet<string> RequestOnlyMembers = new HashSet<string>
        {
            "AuthenticateOidcActionConfig.ClientSecret",
            "AuthenticateOidcActionConfig.UseExistingClientSecret",
        };

        private static List<Rule> RichRules() => QueryXmlReader.ReadList<Rule>(Elbv2Fixtures.Result("DescribeRules-rich"), "Rules");

        [Fact]
        public void The_rich_fixture_sets_every_member_of_every_rule_shape()
        {
            var seen = new HashSet<string>();
            foreach (var rule in RichRules()) CollectSetMembers(rule, seen);

            var missing = ShapesReachableFrom(typeof(Rule))
                .SelectMany(t => ShapeMembers.Of(t).Select(p => t.Name + "." + p.Name))
                .Where(m => !seen.Contains(m) && !RequestOnlyMembers.Contains(m))
                .ToList();

            Assert.Empty(missing);
        }

        [Fact]
        public async Task ModifyRule_round_trip_keeps_every_condition_action_and_transform_field()
        {
            foreach (var rule in RichRules().Where(r => !r.IsDefault))
            {
                var transport = new FakeQueryTransport(Elbv2Fixtures.Result("ModifyRule"));
                await new Elbv2Client(transport).ModifyRuleAsync(new ModifyRuleRequest
                {
                    RuleArn = rule.RuleArn, Conditions = rule.Conditions, Actions = rule.Actions, Transforms = rule.Transforms,
                });
                var sent = QueryXmlReader.ReadShape<ModifyRuleRequest>(Elbv2Fixtures.FieldsToXml(transport.SingleCall.Fields));

                var expected = ExpectedOnTheWire(rule);
                foreach (var action in (expected.Actions ?? new List<Action>()).Where(a => a.AuthenticateOidcConfig != null))
                {
                    action.AuthenticateOidcConfig!.UseExistingClientSecret = true;
                }

                Assert.Equal(rule.RuleArn, sent.RuleArn);
                Assert.Equal(ModelJson.Serialize(expected.Conditions), ModelJson.Serialize(sent.Conditions));
                Assert.Equal(ModelJson.Serialize(expected.Actions), ModelJson.Serialize(sent.Actions));
                Assert.Equal(ModelJson.Serialize(expected.Transforms), ModelJson.Serialize(sent.Transforms));
                Assert.Null(sent.ResetTransforms);
            }
        }

        [Fact]
        public async Task CreateRule_round_trip_keeps_every_field_once_the_oidc_secret_is_supplied()
        {
            foreach (var rule in RichRules().Where(r => !r.IsDefault))
            {
                var withSecret = rule.Clone();
                foreach (var action in withSecret.Actions!.Where(a => a.AuthenticateOidcConfig != null))
                {
                    action.AuthenticateOidcConfig!.ClientSecret = "supplied-by-the-user";
                }

                var tags = new List<Tag> { new Tag { Key = "owner", Value = "platform-team" } };
                var transport = new FakeQueryTransport(Elbv2Fixtures.Result("CreateRule"));
                await new Elbv2Client(transport).CreateRuleAsync(new CreateRuleRequest
                {
                    ListenerArn = "listener-arn", Priority = int.Parse(rule.Priority!), Conditions = withSecret.Conditions,
                    Actions = withSecret.Actions, Transforms = withSecret.Transforms, Tags = tags,
                });
                var sent = QueryXmlReader.ReadShape<CreateRuleRequest>(Elbv2Fixtures.FieldsToXml(transport.SingleCall.Fields));

                var expected = ExpectedOnTheWire(withSecret);
                Assert.Equal(rule.Priority, sent.Priority.ToString());
                Assert.Equal(ModelJson.Serialize(expected.Conditions), ModelJson.Serialize(sent.Conditions));
                Assert.Equal(ModelJson.Serialize(expected.Actions), ModelJson.Serialize(sent.Actions));
                Assert.Equal(ModelJson.Serialize(expected.Transforms), ModelJson.Serialize(sent.Transforms));
                Assert.Equal(ModelJson.Serialize(tags), ModelJson.Serialize(sent.Tags));
            }
        }

        [Fact]
        public async Task ModifyListener_round_trip_keeps_the_default_rule_actions()
        {
            var defaultRule = RichRules().Single(r => r.IsDefault);
            var listener = QueryXmlReader.ReadList<Listener>(Elbv2Fixtures.Result("DescribeListeners-page1"), "Listeners").Single();
            var actions = defaultRule.Actions!.Concat(listener.DefaultActions!).ToList();
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("ModifyListener"));

            await new Elbv2Client(transport).ModifyListenerAsync(new ModifyListenerRequest { ListenerArn = listener.ListenerArn, DefaultActions = actions });
            var sent = QueryXmlReader.ReadShape<ModifyListenerRequest>(Elbv2Fixtures.FieldsToXml(transport.SingleCall.Fields));

            Assert.Equal(ModelJson.Serialize(actions), ModelJson.Serialize(sent.DefaultActions));
        }

        [Fact]
        public void Json_round_trip_through_ModelJson_equals_the_original_for_rules_listeners_and_load_balancers()
        {
            var rules = RichRules();
            var listeners = QueryXmlReader.ReadList<Listener>(Elbv2Fixtures.Result("DescribeListeners-page1"), "Listeners");
            var balancers = QueryXmlReader.ReadList<LoadBalancer>(Elbv2Fixtures.Result("DescribeLoadBalancers"), "LoadBalancers");

            AssertJsonRoundTrip(rules);
            AssertJsonRoundTrip(listeners);
            AssertJsonRoundTrip(balancers);

            var back = ModelJson.Deserialize<List<LoadBalancer>>(ModelJson.Serialize(balancers))!;
            Assert.Equal(balancers[0].CreatedTime, back[0].CreatedTime);
            var oidc = ModelJson.Deserialize<List<Rule>>(ModelJson.Serialize(rules))!.Single(r => r.Priority == "40").Actions![0].AuthenticateOidcConfig!;
            Assert.Equal("login", oidc.AuthenticationRequestExtraParams!["prompt"]);
            Assert.Equal(604800L, oidc.SessionTimeout);
        }

        [Fact]
        public void Compile_time_metadata_writes_and_reads_exactly_what_reflection_does()
        {
            // ModelJson takes its metadata from ModelJsonContext (generated at build) for speed; snapshots
            // already stored were written by the reflection-based serializer, so the two must agree byte for byte.
            var reflection = new System.Text.Json.JsonSerializerOptions(ModelJson.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
            var rules = RichRules();
            var listeners = QueryXmlReader.ReadList<Listener>(Elbv2Fixtures.Result("DescribeListeners-page1"), "Listeners");
            var balancers = QueryXmlReader.ReadList<LoadBalancer>(Elbv2Fixtures.Result("DescribeLoadBalancers"), "LoadBalancers");
            var state = new MaintenanceMode.Listeners.ListenerState(balancers[0], listeners[0], rules,
                rules.ToDictionary(r => r.RuleArn!, r => new List<Tag> { new Tag { Key = "owner", Value = r.Priority } }),
                new List<Tag> { new Tag { Key = "team", Value = "shop" } }, rules.Count);
            var snapshot = MaintenanceMode.Snapshots.ListenerSnapshot.Capture(state, DateTimeOffset.Parse("2026-11-26T03:00:00+00:00"), "arn:aws:iam::123456789012:user/ops", "0.1.0");

            AssertSameJson(snapshot, SnapshotJson.Options);
            AssertSameJson(rules, ModelJson.Options);
            AssertSameJson(listeners, ModelJson.Options);
            AssertSameJson(balancers, ModelJson.Options);
            AssertSameJson(new MaintenanceMode.Records.MaintenanceRecord { ListenerArn = listeners[0].ListenerArn!, Reason = "DB <upgrade> & \"more\"", AllowSourceIp = { "203.0.113.7/32" } }, MaintenanceRecordJson.Options);
            Assert.Same(ModelJsonContext.Default, ModelJson.Options.GetTypeInfo(typeof(Rule)).OriginatingResolver);
            Assert.Same(SnapshotJsonContext.Default, SnapshotJson.Options.GetTypeInfo(typeof(ListenerSnapshot)).OriginatingResolver);
            Assert.Same(MaintenanceRecordJsonContext.Default, MaintenanceRecordJson.Options.GetTypeInfo(typeof(MaintenanceRecord)).OriginatingResolver);

            void AssertSameJson<T>(T value, System.Text.Json.JsonSerializerOptions options)
            {
                var generated = System.Text.Json.JsonSerializer.Serialize(value, options);
                Assert.Equal(System.Text.Json.JsonSerializer.Serialize(value, reflection), generated);
                var back = System.Text.Json.JsonSerializer.Deserialize<T>(generated, options);
                Assert.Equal(generated, System.Text.Json.JsonSerializer.Serialize(back, reflection));
            }
        }

        [Fact]
        public void Json_snapshots_omit_nulls_keep_aws_names_in_botocore_order_and_readable_html()
        {
            var json = ModelJson.Serialize(RichRules().Single(r => r.Priority == "30"));

            Assert.DoesNotContain("null", json);
            Assert.DoesNotContain("\"Transforms\"", json);
            Assert.Contains("<h1>Wartungsarbeiten – bald zurück & 100% erreichbar</h1>", json);
            var order = new[] { "\"RuleArn\"", "\"Priority\"", "\"Conditions\"", "\"Actions\"", "\"IsDefault\"" }.Select(n => json.IndexOf(n, StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(-1, order);
            Assert.Equal(order.OrderBy(i => i), order);
            Assert.True(ModelJson.Options.IsReadOnly);
        }

        [Fact]
        public void Clone_is_deep_for_rules_actions_conditions_transforms_and_listeners()
        {
            var rule = RichRules().Single(r => r.Priority == "10");
            var oidcAction = RichRules().Single(r => r.Priority == "40").Actions![0];
            var listener = QueryXmlReader.ReadList<Listener>(Elbv2Fixtures.Result("DescribeListeners-page1"), "Listeners").Single();
            var before = new[] { ModelJson.Serialize(rule), ModelJson.Serialize(oidcAction), ModelJson.Serialize(listener) };

            var ruleCopy = rule.Clone();
            var actionCopy = oidcAction.Clone();
            var conditionCopy = rule.Conditions![2].Clone();
            var transformCopy = rule.Transforms![1].Clone();
            var listenerCopy = listener.Clone();
            Assert.Equal(before[0], ModelJson.Serialize(ruleCopy));
            Assert.Equal(before[1], ModelJson.Serialize(actionCopy));
            Assert.Equal(before[2], ModelJson.Serialize(listenerCopy));
            Assert.Equal(ModelJson.Serialize(rule.Conditions[2]), ModelJson.Serialize(conditionCopy));
            Assert.Equal(ModelJson.Serialize(rule.Transforms[1]), ModelJson.Serialize(transformCopy));

            ruleCopy.Actions![0].ForwardConfig!.TargetGroups![0].Weight = 1;
            ruleCopy.Conditions![0].HostHeaderConfig!.Values!.Add("evil.example.com");
            actionCopy.AuthenticateOidcConfig!.AuthenticationRequestExtraParams!["prompt"] = "none";
            conditionCopy.SourceIpConfig!.Values![0] = "0.0.0.0/0";
            transformCopy.UrlRewriteConfig!.Rewrites![0].Replace = "/";
            listenerCopy.DefaultActions![0].FixedResponseConfig!.StatusCode = "200";
            listenerCopy.AlpnPolicy!.Clear();

            Assert.Equal(before, new[] { ModelJson.Serialize(rule), ModelJson.Serialize(oidcAction), ModelJson.Serialize(listener) });
        }

        /// <summary>
        /// What CreateRule/ModifyRule should put on the wire for a rule read back from AWS: the same rule,
        /// minus top-level Values/RegexValues that DescribeRules mirrors from a typed config (AWS rejects both).
        /// In the fixture every top-level list is such a mirror, which the first assertion checks.
        /// </summary>
        private static Rule ExpectedOnTheWire(Rule rule)
        {
            var expected = rule.Clone();
            foreach (var condition in expected.Conditions ?? new List<RuleCondition>())
            {
                var typed = (IEnumerable<string>?)condition.HostHeaderConfig?.Values ?? condition.PathPatternConfig?.Values;
                var typedRegex = (IEnumerable<string>?)condition.HostHeaderConfig?.RegexValues ?? condition.PathPatternConfig?.RegexValues;
                if (condition.Values != null) Assert.Equal(typed, condition.Values);
                if (condition.RegexValues != null) Assert.Equal(typedRegex, condition.RegexValues);
                condition.Values = null;
                condition.RegexValues = null;
            }

            return expected;
        }

        private static void AssertJsonRoundTrip<T>(List<T> items)
        {
            var json = ModelJson.Serialize(items);
            var back = ModelJson.Deserialize<List<T>>(json)!;
            Assert.Equal(items.Count, back.Count);
            Assert.Equal(json, ModelJson.Serialize(back));
        }

        private static void CollectSetMembers(object shape, HashSet<string> seen)
        {
            foreach (var member in ShapeMembers.Of(shape.GetType()))
            {
                var value = member.GetValue(shape);
                if (value == null || (value is ICollection collection && collection.Count == 0)) continue;
                seen.Add(shape.GetType().Name + "." + member.Name);
                foreach (var nested in value is IList list ? list.Cast<object>() : new[] { value })
                {
                    if (IsShape(nested.GetType())) CollectSetMembers(nested, seen);
                }
            }
        }

        private static IEnumerable<Type> ShapesReachableFrom(Type root)
        {
            var found = new HashSet<Type>();
            var pending = new Stack<Type>(new[] { root });
            while (pending.Count > 0)
            {
                var type = pending.Pop();
                if (!found.Add(type)) continue;
                foreach (var member in ShapeMembers.Of(type))
                {
                    var memberType = ShapeMembers.ListElementType(member.PropertyType) ?? member.PropertyType;
                    if (IsShape(memberType)) pending.Push(memberType);
                }
            }

            return found;
        }

        private static bool IsShape(Type type) => type.IsClass && type.Namespace == typeof(Rule).Namespace && type != typeof(string);
    }
}
