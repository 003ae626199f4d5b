using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Targets.Completion
{
    /// <summary>
    /// Load balancer names and listener ARNs of the account, for tab completion of -LoadBalancerName and
    /// -ListenerArn.
    /// <para>
    /// Completion runs while a person waits at the prompt, so it is bounded: an answer not ready within
    /// the timeout is no answer (never an error). The listing goes on in the background and is cached
    /// per account scope for a short time, so the next press of Tab gets it at once. A listing that fails
    /// is forgotten, so the next press tries again.
    /// </para>
    /// </summary>
    public sealed class TargetCompletion
    {
        /// <summary>How long a person waits for a completion before getting none.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

        /// <summary>How long a listing is reused: long enough for a few presses of Tab, short enough to see a new load balancer.</summary>
        public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

        // A listing left running after its caller gave up still ends: it only warms the cache.
        private static readonly TimeSpan BackgroundLimit = TimeSpan.FromSeconds(30);

        private readonly Func<CompletionScope, CompletionElbv2Client> _connect;
        private readonly Func<DateTimeOffset> _utcNow;
        private readonly Func<string, string?> _environment;
        private readonly TimeSpan _timeout;
        private readonly TimeSpan _lifetime;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Listing> _listings = new Dictionary<string, Listing>(StringComparer.Ordinal);

        internal TargetCompletion(
            Func<CompletionScope, CompletionElbv2Client> connect, Func<DateTimeOffset> utcNow, Func<string, string?> environment, TimeSpan timeout, TimeSpan lifetime)
        {
            _connect = connect;
            _utcNow = utcNow;
            _environment = environment;
            _timeout = timeout;
            _lifetime = lifetime;
        }

        /// <summary>The one instance the completers share, so the cache outlives each press of Tab.</summary>
        public static TargetCompletion Shared { get; } = new TargetCompletion(
            CompletionElbv2Client.Connect, () => DateTimeOffset.UtcNow, Environment.GetEnvironmentVariable, DefaultTimeout, DefaultLifetime);

        /// <summary>Application Load Balancers whose name starts with <paramref name="prefix"/> (any case), by name.</summary>
        public IReadOnlyList<CompletionCandidate> LoadBalancerNames(CompletionScope scope, string prefix)
        {
            var targets = Targets(scope);
            return targets
                .Where(t => t.ListenerArn == null && t.Name.StartsWith(prefix ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                .Select(t => new CompletionCandidate(t.Name, t.Description))
                .ToList();
        }

        /// <summary>
        /// HTTP and HTTPS listeners of Application Load Balancers whose ARN starts with <paramref name="word"/>,
        /// or whose load balancer's name does: nobody types an ARN from its first character.
        /// </summary>
        public IReadOnlyList<CompletionCandidate> ListenerArns(CompletionScope scope, string word)
        {
            word ??= string.Empty;
            var targets = Targets(scope);
            return targets
                .Where(t => t.ListenerArn != null
                    && (t.ListenerArn.StartsWith(word, StringComparison.OrdinalIgnoreCase) || t.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
                .Select(t => new CompletionCandidate(t.ListenerArn!, t.Description))
                .ToList();
        }

        private IReadOnlyList<Target> Targets(CompletionScope scope)
        {
            Listing listing;
            try
            {
                listing = Current(scope);
            }
            catch (Exception)
            {
                return Array.Empty<Target>(); // e.g. no region: the command itself will say so
            }

            try
            {
                if (!listing.Task.Wait(_timeout))
                {
                    return Array.Empty<Target>();
                }
            }
            catch (AggregateException)
            {
                // Reported to nobody: a completion that fails offers nothing. Current() retries next time.
                return Array.Empty<Target>();
            }

            return listing.Task.Result;
        }

        private Listing Current(CompletionScope scope)
        {
            var key = scope.Key(_environment);
            lock (_gate)
            {
                var now = _utcNow();
                if (_listings.TryGetValue(key, out var listing) && listing.IsUsable(now, _lifetime))
                {
                    return listing;
                }

                listing = new Listing(now, Task.Run(() => ListAsync(scope)));
                _listings[key] = listing;
                return listing;
            }
        }

        private async Task<IReadOnlyList<Target>> ListAsync(CompletionScope scope)
        {
            using (var cancel = new CancellationTokenSource(BackgroundLimit))
            using (var connection = _connect(scope))
            {
                var ct = cancel.Token;
                var targets = new List<Target>();
                var balancers = await connection.Client.DescribeLoadBalancersAsync(cancellationToken: ct).ConfigureAwait(false);
                var applications = balancers
                    .Where(l => string.Equals(l.Type, "application", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(l.LoadBalancerName))
                    .OrderBy(l => l.LoadBalancerName, StringComparer.OrdinalIgnoreCase)
                    .ToList();
                foreach (var lb in applications)
                {
                    targets.Add(new Target(lb.LoadBalancerName!, null, $"{lb.LoadBalancerName} ({lb.Scheme ?? "application"}) {lb.DNSName}".TrimEnd()));
                }

                foreach (var lb in applications)
                {
                    var listeners = await connection.Client.DescribeListenersAsync(loadBalancerArn: lb.LoadBalancerArn, cancellationToken: ct).ConfigureAwait(false);
                    foreach (var listener in listeners.Where(l => TargetResolver.IsHttpProtocol(l.Protocol) && l.ListenerArn != null).OrderBy(l => l.Port))
                    {
                        targets.Add(new Target(lb.LoadBalancerName!, listener.ListenerArn, $"{lb.LoadBalancerName} {listener.Protocol}:{listener.Port}"));
                    }
                }

                return targets;
            }
        }

        /// <summary>A load balancer (no listener ARN) or one of its listeners.</summary>
        private sealed class Target
        {
            internal Target(string name, string? listenerArn, string description)
            {
                Name = name;
                ListenerArn = listenerArn;
                Description = description;
            }

            internal string Name { get; }

            internal string? ListenerArn { get; }

            internal string Description { get; }
        }

        private sealed class Listing
        {
            internal Listing(DateTimeOffset started, Task<IReadOnlyList<Target>> task)
            {
                Started = started;
                Task = task;
            }

            internal DateTimeOffset Started { get; }

            internal Task<IReadOnlyList<Target>> Task { get; }

            /// <summary>Still running, or done well and recently; a failed listing is tried again.</summary>
            internal bool IsUsable(DateTimeOffset now, TimeSpan lifetime) =>
                !Task.IsCompleted || (Task.Status == TaskStatus.RanToCompletion && now - Started < lifetime);
        }
    }
}
