using MaintenanceMode.Targets.Completion;
using static MaintenanceMode.Tests.Planning.Build;

namespace MaintenanceMode.Tests.Completion
{
    public class TargetCompletionTests
    {
        private static readonly CompletionScope Scope = new CompletionScope("us-east-1", null, new Uri("http://127.0.0.1:5000"));

        private DateTimeOffset _now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        private readonly Dictionary<string, string> _environment = new Dictionary<string, string>();
        private readonly List<CompletionScope> _connected = new List<CompletionScope>();

        private TargetCompletion Create(FakeElbv2Client client, TimeSpan? timeout = null) => new TargetCompletion(
            scope =>
            {
                _connected.Add(scope);
                return new CompletionElbv2Client(client, null);
            },
            () => _now,
            name => _environment.TryGetValue(name, out var value) ? value : null,
            timeout ?? TimeSpan.FromSeconds(30),
            TimeSpan.FromSeconds(60));

        private static FakeElbv2Client Account()
        {
            var account = new FakeElbv2Client();
            WithLoadBalancer(account, "shop", "application", (443, "HTTPS"), (80, "HTTP"));
            WithLoadBalancer(account, "Shipping", "application", (8080, "HTTP"));
            WithLoadBalancer(account, "shop-nlb", "network", (443, "TLS"));
            WithLoadBalancer(account, "staging", "application");
            return account;
        }

        /// <summary>A load balancer and its listeners, each listener's ARN ending in its port (16 hex digits).</summary>
        private static void WithLoadBalancer(FakeElbv2Client account, string name, string type, params (int Port, string Protocol)[] listeners)
        {
            var arn = account.AddLoadBalancer(name, type).LoadBalancerArn!;
            foreach (var (port, protocol) in listeners)
            {
                account.AddListener(arn, Forward("web"), port, protocol, id: $"{port:x16}");
            }
        }

        private static int Listings(FakeElbv2Client account) => account.Calls.Count(c => c.Name == "DescribeLoadBalancers");

        /// <summary>DescribeLoadBalancers waits for <paramref name="gate"/> (a slow account).</summary>
        private static void Hold(FakeElbv2Client account, Task gate) =>
            account.BeforeCall = c => c.Name == "DescribeLoadBalancers" ? gate : Task.CompletedTask;

        /// <summary>DescribeLoadBalancers throws <paramref name="failure"/> (no permission, no network), or answers again when null.</summary>
        private static void Fail(FakeElbv2Client account, Exception? failure) =>
            account.BeforeCall = failure == null ? null : c => c.Name == "DescribeLoadBalancers" ? Task.FromException(failure) : Task.CompletedTask;

        [Fact]
        public void Names_are_application_load_balancers_starting_with_the_word_in_any_case()
        {
            var completion = Create(Account());

            var names = completion.LoadBalancerNames(Scope, "sh").Select(c => c.Value).ToList();

            Assert.Equal(new[] { "Shipping", "shop" }, names);
            Assert.Equal(new[] { "Shipping", "shop", "staging" }, completion.LoadBalancerNames(Scope, "").Select(c => c.Value));
        }

        [Fact]
        public void Listener_arns_are_the_http_and_https_listeners_by_port_matched_by_arn_or_by_load_balancer_name()
        {
            var client = Account();
            var completion = Create(client);

            var byName = completion.ListenerArns(Scope, "shop");

            Assert.Equal(new[] { "shop HTTP:80", "shop HTTPS:443" }, byName.Select(c => c.Description));
            var arn = byName[0].Value;
            Assert.EndsWith($"/{80:x16}", arn);
            Assert.Equal(new[] { arn }, completion.ListenerArns(Scope, arn.Substring(0, arn.Length - 1)).Select(c => c.Value));
            Assert.DoesNotContain(completion.ListenerArns(Scope, ""), c => c.Description.StartsWith("shop-nlb", StringComparison.Ordinal));
        }

        [Fact]
        public void A_listing_is_reused_within_its_lifetime_and_fetched_again_after_it()
        {
            var client = Account();
            var completion = Create(client);

            completion.LoadBalancerNames(Scope, "s");
            completion.ListenerArns(Scope, "s");
            _now = _now.AddSeconds(59);
            completion.LoadBalancerNames(Scope, "sh");
            Assert.Equal(1, Listings(client));

            _now = _now.AddSeconds(2);
            completion.LoadBalancerNames(Scope, "sh");
            Assert.Equal(2, Listings(client));
        }

        [Fact]
        public void Each_region_endpoint_and_profile_has_its_own_listing()
        {
            var client = Account();
            var completion = Create(client);

            completion.LoadBalancerNames(Scope, "s");
            completion.LoadBalancerNames(new CompletionScope("eu-west-1", null, Scope.EndpointUrl), "s");
            completion.LoadBalancerNames(new CompletionScope("us-east-1", null, new Uri("http://127.0.0.1:5001")), "s");
            completion.LoadBalancerNames(new CompletionScope("us-east-1", "ops", Scope.EndpointUrl), "s");

            Assert.Equal(4, Listings(client));
            Assert.Equal(new[] { "us-east-1", "eu-west-1", "us-east-1", "us-east-1" }, _connected.Select(s => s.Region));
        }

        [Fact]
        public void An_unnamed_region_is_keyed_by_the_environment_so_changing_AWS_REGION_lists_again()
        {
            var client = Account();
            var completion = Create(client);
            var unnamed = new CompletionScope(null, null, null);

            _environment["AWS_REGION"] = "us-east-1";
            completion.LoadBalancerNames(unnamed, "s");
            completion.LoadBalancerNames(unnamed, "s");
            _environment["AWS_REGION"] = "eu-west-1";
            completion.LoadBalancerNames(unnamed, "s");

            Assert.Equal(2, Listings(client));
        }

        [Fact]
        public void A_failed_listing_offers_nothing_and_is_tried_again_next_time()
        {
            var client = Account();
            Fail(client, new InvalidOperationException("AccessDenied"));
            var completion = Create(client);

            Assert.Empty(completion.LoadBalancerNames(Scope, "sh"));

            Fail(client, null);
            Assert.Equal(new[] { "Shipping", "shop" }, completion.LoadBalancerNames(Scope, "sh").Select(c => c.Value));
            Assert.Equal(2, Listings(client));
        }

        [Fact]
        public void A_session_that_cannot_be_set_up_offers_nothing()
        {
            var completion = new TargetCompletion(
                _ => throw new InvalidOperationException("RegionNotResolved"), () => _now, _ => null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

            Assert.Empty(completion.LoadBalancerNames(Scope, "sh"));
            Assert.Empty(completion.ListenerArns(Scope, "sh"));
        }

        [Fact]
        public async Task A_listing_slower_than_the_timeout_offers_nothing_then_serves_the_next_press_from_the_cache()
        {
            var client = Account();
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Hold(client, gate.Task);
            var completion = Create(client, timeout: TimeSpan.FromMilliseconds(200));

            Assert.Empty(completion.LoadBalancerNames(Scope, "sh"));

            gate.SetResult(true);
            await WaitForListingAsync(completion);
            Assert.Equal(new[] { "Shipping", "shop" }, completion.LoadBalancerNames(Scope, "sh").Select(c => c.Value));
            Assert.Equal(1, Listings(client));
        }

        // The background listing ends on the thread pool; poll the public behaviour instead of sleeping a fixed time.
        private static async Task WaitForListingAsync(TargetCompletion completion)
        {
            for (var i = 0; i < 500 && completion.LoadBalancerNames(Scope, "").Count == 0; i++)
            {
                await Task.Yield();
            }
        }
    }
}
