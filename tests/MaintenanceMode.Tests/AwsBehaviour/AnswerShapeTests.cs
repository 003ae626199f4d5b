using MaintenanceMode.Snapshots;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.AwsBehaviour
{
    /// <summary>
    /// AWS answers every action with its Order and a bare forward also as a ForwardConfig (the proxy's shape=1);
    /// moto answers as sent. What AWS fills in is no change: a listener in maintenance reads as planned, and
    /// Disable finds nothing to restore beyond what Enable did.
    /// </summary>
    public class AnswerShapeTests
    {
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Actions_answered_with_their_defaults_are_no_difference_for_Enable_or_Disable(bool bypass)
        {
            var h = new PlanningHarness();
            h.Elb.Shape = true;
            h.Seed(1, When(Path("/api/*")), Forward("api"));
            h.Seed(2, When(Source("192.0.2.0/24")), Oidc("admin")); // a source the bypass does not allow: no copy needed
            h.Seed(3, When(Path("/static/*")), Fixed("static", "200"));
            var before = await h.ReadAsync();
            var image = h.Elb.Image(h.ListenerArn);
            var settings = Settings(allowIps: bypass ? new[] { "203.0.113.7/32" } : null);

            var (_, snapshot) = await h.EnableAsync(settings);
            var again = MaintenancePlanner.PlanEnable(await h.ReadAsync(), settings, StateLocation);
            await h.DisableAsync(snapshot);

            Assert.Contains(before.Rules, r => r.Actions!.Any(a => a.ForwardConfig != null && a.Order == 1)); // the switch is on
            Assert.Empty(again.Steps);
            Assert.Empty(SnapshotComparer.Compare(snapshot, await h.ReadAsync(), null));
            Assert.Equal(image, h.Elb.Image(h.ListenerArn));
        }
    }
}
