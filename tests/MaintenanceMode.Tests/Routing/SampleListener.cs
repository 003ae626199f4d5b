using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Targets;
using static MaintenanceMode.Tests.Planning.Build;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Routing
{
    /// <summary>
    /// A listener on the AWS-like fake with one rule per kind of condition and action, and optionally the
    /// module's maintenance rules in front of them, for route resolution and the preview server.
    /// </summary>
    internal sealed class SampleListener
    {
        public const string Page = "<html><body><h1>Back soon</h1></body></html>";

        public SampleListener(bool inMaintenance = false)
        {
            var harness = new PlanningHarness(seed: 7, defaultActions: Forward("web-b"));
            Elb = harness.Elb;
            Target = harness.Target;

            // In maintenance, the module's rules come first: a bypass copy of the default for one address,
            // then the page for everyone; the user's rules sit behind them (shifted by 10 here).
            var shift = 0;
            if (inMaintenance)
            {
                Elb.SeedRule(ListenerArn, 1, When(Source("203.0.113.7/32")), Forward("web-b"), tags: ModuleTags.ForRule(ModuleTags.BypassRole));
                Elb.SeedRule(ListenerArn, 2, When(Path("/*")), PageAction(), tags: ModuleTags.ForRule(ModuleTags.MaintenanceRole));
                shift = 10;
            }

            Elb.SeedRule(ListenerArn, shift + 1, When(Host("app1.example.com")), Forward("web-a"), tags: new List<Tag> { new Tag { Key = "owner", Value = "terraform" } });
            Elb.SeedRule(ListenerArn, shift + 2, When(Path("/api/*")), Redirect());
            Elb.SeedRule(ListenerArn, shift + 3, When(Header("X-Canary", "group-3")), Fixed("canary", "200"));
            Elb.SeedRule(ListenerArn, shift + 4, When(Source("10.4.0.0/16")), WeightedForward(null, ("web-a", 80), ("web-b", 20)));
            Elb.SeedRule(ListenerArn, shift + 5, When(Query("lang", "fr"), Method("POST")), Fixed("posted fr", "201"));
            Elb.SeedRule(ListenerArn, shift + 6, When(new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { RegexValues = new List<string> { "/item/[0-9]+" } } }), Fixed("item", "200"));
        }

        public FakeElbv2Client Elb { get; }

        public ListenerTarget Target { get; }

        public string ListenerArn => Target.ListenerArn;

        public ListenerState Read() =>
            new ListenerStateReader(Elb).ReadAsync(Target, countLoadBalancerRules: false, System.Threading.CancellationToken.None).GetAwaiter().GetResult();

        public static List<Action> PageAction() => Fixed(Page, "503", "text/html");
    }
}
