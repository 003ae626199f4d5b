using System.Collections;
using System.Reflection;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Input
{
    /// <summary>A failed plan's exception holds no secret anywhere in its object graph, not only in its message.</summary>
    public sealed class SecretFreeExceptionTests
    {
        private const string Secret = "c0ffee-bypass-secret-5e1f0a9b8c7d";
        private const string UserHeaderValue = "user-rule-header-value-77aa";

        [Fact]
        public async Task A_failure_at_every_call_leaves_no_header_value_in_the_exception()
        {
            var settings = Settings(allowIps: new[] { "10.0.0.0/8" }, headers: new[] { new HeaderMatch("X-Bypass", Secret) });
            var steps = MaintenancePlanner.PlanEnable(await Listener().ReadAsync(), settings, StateLocation).Steps.Count;
            Assert.True(steps > 2);

            for (var k = 1; k <= steps; k++)
            {
                var h = Listener();
                var plan = MaintenancePlanner.PlanEnable(await h.ReadAsync(), settings, StateLocation);
                h.Elb.FailingMutatingCalls.Add(k);
                h.Elb.FailingMutatingCalls.Add(k + 1); // the first undo fails too: LeftApplied holds steps

                var ex = await Assert.ThrowsAsync<PlanFailedException>(() => h.RunAsync(plan));

                Assert.IsType<RedactedStep>(ex.FailedStep);
                var found = StringsIn(ex).Where(s => s.Contains(Secret) || s.Contains(UserHeaderValue)).ToList();
                Assert.True(found.Count == 0, $"call {k}: the exception holds a header value: {string.Join(" | ", found)}");
            }
        }

        [Fact]
        public void The_graph_walk_finds_a_value_held_in_a_step()
        {
            // The check above could pass by not looking: a plain step does hold the value.
            var step = new CreateRuleStep("arn:listener", new RuleSpec { Conditions = { Header("X-Bypass", Secret) } });
            Assert.Contains(StringsIn(step), s => s.Contains(Secret));
            Assert.DoesNotContain(StringsIn(RedactedStep.Of(step)), s => s.Contains(Secret));
        }

        private static PlanningHarness Listener()
        {
            var h = new PlanningHarness(moto: false);
            h.Seed(1, When(Host("a.example.com")), Forward("a"));
            h.Seed(2, When(Header("X-User", UserHeaderValue)), Forward("b"));
            return h;
        }

        /// <summary>Every string reachable from <paramref name="root"/> through fields, collections included.</summary>
        internal static IEnumerable<string> StringsIn(object root)
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (current is string text)
                {
                    yield return text;
                    continue;
                }

                var type = current.GetType();
                if (type.IsPrimitive || type.IsEnum || current is Type || current is MemberInfo || current is Delegate || !seen.Add(current))
                {
                    continue;
                }

                if (current is IEnumerable items && !(current is string))
                {
                    foreach (var item in items)
                    {
                        if (item != null) pending.Push(item);
                    }
                }

                for (var t = type; t != null && t != typeof(object); t = t.BaseType)
                {
                    foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        // Stack frames and method handles say where, never what.
                        if (field.FieldType == typeof(IntPtr) || field.Name.Contains("stackTrace", StringComparison.OrdinalIgnoreCase)) continue;
                        var value = field.GetValue(current);
                        if (value != null) pending.Push(value);
                    }
                }
            }
        }
    }
}
