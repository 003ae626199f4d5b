using System.Net;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;
using MaintenanceMode.Operations;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// Random but valid ALB listeners from a seed, with a witness per rule: a way to build a request
    /// that satisfies the rule, so sampled requests exercise every rule and not only the default.
    /// </summary>
    internal sealed class ListenerGenerator
    {
        /// <summary>Blocks that nest or are disjoint, shared by rules and allow-lists so intersections happen.</summary>
        public static readonly string[] CidrPool =
        {
            "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32", "10.2.0.0/16", "192.168.0.0/16", "192.168.7.0/24",
            "172.16.0.0/12", "203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32", "2001:db8:1::/48",
        };

        private static readonly string[] Words = { "shop", "api", "admin", "static", "blog", "beta", "img", "auth", "docs", "cart" };
        private static readonly string[] Methods = { "GET", "POST", "PUT", "DELETE", "PATCH" };

        private readonly Random _r;

        private readonly bool _edges;

        /// <param name="edges">Priorities from the whole range, 1 and 50000 included, and many OIDC rules: what the layout oracle tries.</param>
        public ListenerGenerator(int seed, bool edges = false)
        {
            _r = new Random(seed);
            _edges = edges;
        }

        public Random Random => _r;

        /// <summary>The witnesses of each seeded rule, by ARN.</summary>
        public Dictionary<string, List<Action<HttpRequestSample>>> Witnesses { get; } = new Dictionary<string, List<Action<HttpRequestSample>>>();

        public int Ruleset(PlanningHarness h, int count)
        {
            var priorities = new HashSet<int>();
            var high = _r.Next(10) == 0;
            if (_r.Next(10) < 4)
            {
                priorities.Add(1);
            }

            while (priorities.Count < count)
            {
                if (_edges)
                {
                    var edge = new[] { 1, 2, 3, 4, 49997, 49998, 49999, 50000 };
                    priorities.Add(_r.Next(3) == 0 ? 1 + _r.Next(50000) : edge[_r.Next(edge.Length)]);
                    continue;
                }

                priorities.Add(high ? 50000 - _r.Next(150) : 1 + _r.Next(_r.Next(2) == 0 ? count + 5 : 2000));
            }

            foreach (var priority in priorities.OrderBy(p => _r.Next()))
            {
                while (true)
                {
                    var witnesses = new List<Action<HttpRequestSample>>();
                    var conditions = Conditions(witnesses);
                    if (AlbRuleValidator.CheckConditions(conditions) != null)
                    {
                        continue;
                    }

                    var rule = h.Seed(priority, conditions, Actions(), Transforms(), _r.Next(4) == 0 ? new List<Tag> { new Tag { Key = "team", Value = Pick(Words) } } : null);
                    Witnesses[rule.RuleArn!] = witnesses;
                    break;
                }
            }

            return count;
        }

        public List<Action> DefaultActions() => _r.Next(3) == 0 ? Build.Fixed("not here", "404") : Build.Forward("default");

        public MaintenanceSettings Settings()
        {
            var ips = Enumerable.Range(0, _r.Next(4)).Select(_ => Pick(CidrPool)).Distinct().ToArray();
            var headers = Enumerable.Range(0, _r.Next(3) == 0 ? 1 + _r.Next(2) : 0)
                .Select(i => new HeaderMatch("X-Bypass-" + i, Pick(Words) + (_r.Next(5) == 0 ? "*" : string.Empty) + _r.Next(1000)))
                .ToArray();
            var body = _r.Next(40) == 0 ? new string('x', 1025) : "<h1>" + string.Join(" ", Enumerable.Range(0, _r.Next(30)).Select(_ => Pick(Words))) + "</h1>";
            var settings = Build.Settings(ips, headers, body);
            settings.RuleQuota = _r.Next(3) == 0 ? 100 : 1000;
            settings.AllowPaths = Enumerable.Range(0, _r.Next(3) == 0 ? 1 + _r.Next(2) : 0).Select(_ => AllowedPath()).Distinct().ToList();
            settings.AllowHosts = Enumerable.Range(0, _r.Next(4) == 0 ? 1 : 0).Select(_ => AllowedHost()).ToList();
            return settings;
        }

        /// <summary>A request that matches none of the generated patterns unless a witness says otherwise.</summary>
        public HttpRequestSample BaseRequest() => new HttpRequestSample("www.unrelated.net", "/nothing/here", "OPTIONS", AddressIn(Pick(CidrPool)));

        public IPAddress AddressIn(string cidr)
        {
            var slash = cidr.IndexOf('/');
            var bytes = IPAddress.Parse(cidr.Substring(0, slash)).GetAddressBytes();
            var prefix = int.Parse(cidr.Substring(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
            for (var bit = prefix; bit < bytes.Length * 8; bit++)
            {
                if (_r.Next(2) == 0)
                {
                    bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
                }
            }

            return new IPAddress(bytes);
        }

        public string Pick(IReadOnlyList<string> items) => items[_r.Next(items.Count)];

        /// <summary>A concrete string a wildcard pattern matches, in random letter case when case does not count.</summary>
        public string Instance(string pattern, bool randomCase)
        {
            var chars = pattern.Replace("*", _r.Next(2) == 0 ? string.Empty : "zz").Replace('?', 'q').ToCharArray();
            if (randomCase)
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = _r.Next(2) == 0 ? char.ToUpperInvariant(chars[i]) : chars[i];
                }
            }

            return new string(chars);
        }

        private List<RuleCondition> Conditions(List<Action<HttpRequestSample>> witnesses)
        {
            var fields = new[] { "host-header", "path-pattern", "http-header", "query-string", "http-request-method", "source-ip", "regex" }
                .OrderBy(_ => _r.Next()).Take(1 + _r.Next(3)).ToList();
            return fields.Select(f => Condition(f, witnesses)).ToList();
        }

        private RuleCondition Condition(string field, List<Action<HttpRequestSample>> witnesses)
        {
            var n = 1 + _r.Next(_r.Next(5) == 0 ? 3 : 1);
            switch (field)
            {
                case "host-header":
                {
                    var values = Enumerable.Range(0, n).Select(_ => Host()).Distinct().ToList();
                    var chosen = Pick(values);
                    witnesses.Add(q => q.Host = Instance(chosen, randomCase: true));
                    return values.Count == 1 && _r.Next(3) == 0
                        ? new RuleCondition { Field = field, Values = values }
                        : new RuleCondition { Field = field, HostHeaderConfig = new HostHeaderConditionConfig { Values = values } };
                }

                case "path-pattern":
                {
                    var values = Enumerable.Range(0, n).Select(_ => PathPattern()).Distinct().ToList();
                    var chosen = Pick(values);
                    witnesses.Add(q => q.Path = Instance(chosen, randomCase: false));
                    return values.Count == 1 && _r.Next(3) == 0
                        ? new RuleCondition { Field = field, Values = values }
                        : new RuleCondition { Field = field, PathPatternConfig = new PathPatternConditionConfig { Values = values } };
                }

                case "http-header":
                {
                    var name = "X-" + Pick(Words);
                    var values = Enumerable.Range(0, n).Select(_ => Pick(Words) + (_r.Next(3) == 0 ? "*" : string.Empty)).Distinct().ToList();
                    var chosen = Pick(values);
                    witnesses.Add(q => q.WithHeader(_r.Next(2) == 0 ? name.ToLowerInvariant() : name, Instance(chosen, randomCase: true)));
                    return Build.Header(name, values.ToArray());
                }

                case "query-string":
                {
                    var pairs = Enumerable.Range(0, n).Select(_ => new QueryStringKeyValuePair
                    {
                        Key = _r.Next(3) == 0 ? null : Pick(Words),
                        Value = Pick(Words) + (_r.Next(3) == 0 ? "?" : string.Empty),
                    }).ToList();
                    var chosen = pairs[_r.Next(pairs.Count)];
                    witnesses.Add(q => q.WithQuery(chosen.Key == null ? "any" : Instance(chosen.Key, randomCase: true), Instance(chosen.Value!, randomCase: true)));
                    return new RuleCondition { Field = field, QueryStringConfig = new QueryStringConditionConfig { Values = pairs } };
                }

                case "http-request-method":
                {
                    var values = Methods.OrderBy(_ => _r.Next()).Take(n).ToList();
                    var chosen = Pick(values);
                    witnesses.Add(q => q.Method = chosen);
                    return Build.Method(values.ToArray());
                }

                case "source-ip":
                {
                    var values = Enumerable.Range(0, n).Select(_ => Pick(CidrPool)).Distinct().ToList();
                    var chosen = Pick(values);
                    witnesses.Add(q => q.SourceIp = AddressIn(chosen));
                    return Build.Source(values.ToArray());
                }

                default:
                {
                    // Regex conditions, on the three fields that take them, with a known matching example.
                    var word = Pick(Words);
                    switch (_r.Next(3))
                    {
                        case 0:
                            witnesses.Add(q => q.Host = "api." + word + ".com");
                            return new RuleCondition { Field = "host-header", HostHeaderConfig = new HostHeaderConditionConfig { RegexValues = new List<string> { @"(api|www)\." + word + @"\.com" } } };
                        case 1:
                            witnesses.Add(q => q.Path = "/v" + _r.Next(10) + "/" + word);
                            return new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { RegexValues = new List<string> { "/v[0-9]+/" + word } } };
                        default:
                            witnesses.Add(q => q.WithHeader("X-Client", word + "-" + _r.Next(100)));
                            return new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-Client", RegexValues = new List<string> { word + "-[0-9]+" } } };
                    }
                }
            }
        }

        private string Host() => _r.Next(4) switch
        {
            0 => "*." + Pick(Words) + ".example.com",
            1 => Pick(Words) + "?.example.org",
            _ => Pick(Words) + ".example.com",
        };

        /// <summary>Allowed paths drawn from the same words as the rules' patterns, so they nest, overlap in part, or miss.</summary>
        private string AllowedPath() => _r.Next(9) switch
        {
            0 => "/health",
            1 => "/" + Pick(Words) + "/*",
            2 => "/" + Pick(Words) + "/x",
            3 => "/" + Pick(Words) + "*",
            4 => "/" + Pick(Words) + "?",
            5 => "/*/" + Pick(Words),
            6 => "/v2/" + Pick(Words),
            7 => "*.json",
            _ => "/" + Pick(Words),
        };

        private string AllowedHost() => _r.Next(6) switch
        {
            0 => "status.example.com",
            1 => Pick(Words) + ".example.com",
            2 => "*.example.com",
            3 => "*." + Pick(Words) + ".example.com",
            4 => "x." + Pick(Words) + ".example.com",
            _ => "api." + Pick(Words) + ".com",
        };

        private string PathPattern() => _r.Next(4) switch
        {
            0 => "/" + Pick(Words) + "/*",
            1 => "/" + Pick(Words) + "?/" + Pick(Words),
            2 => "/" + Pick(Words).ToUpperInvariant(),
            _ => "/" + Pick(Words),
        };

        private List<Action> Actions()
        {
            if (_edges && _r.Next(4) == 0)
            {
                return Build.Oidc(Pick(Words));
            }

            switch (_r.Next(12))
            {
                case 0:
                case 1:
                    {
                        // Drawn in this order so each seed generates the listener it always did.
                        var group = Pick(Words);
                        var weight = _r.Next(100);
                        var canary = _r.Next(100);
                        var sticky = _r.Next(2) == 0;
                        var seconds = 1 + _r.Next(3600);
                        return Build.WeightedForward(new TargetGroupStickinessConfig { Enabled = sticky, DurationSeconds = seconds }, (group, weight), ("canary", canary));
                    }

                case 2:
                    return Build.Redirect();
                case 3:
                    return Build.Fixed("gone " + Pick(Words), "410");
                case 4:
                    return new List<Action>
                    {
                        new Action
                        {
                            Type = "authenticate-cognito",
                            Order = 1,
                            AuthenticateCognitoConfig = new AuthenticateCognitoActionConfig
                            {
                                UserPoolArn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_pool",
                                UserPoolClientId = "client" + _r.Next(10),
                                UserPoolDomain = "auth-" + Pick(Words),
                                OnUnauthenticatedRequest = "authenticate",
                            },
                        },
                        new Action { Type = "forward", Order = 2, TargetGroupArn = Build.TargetGroup(Pick(Words)) },
                    };
                case 5:
                    return _r.Next(25) == 0 ? Build.Oidc(Pick(Words)) : Build.Forward(Pick(Words));
                default:
                    return Build.Forward(Pick(Words));
            }
        }

        private List<RuleTransform>? Transforms() => _r.Next(8) != 0 ? null : new List<RuleTransform>
        {
            new RuleTransform
            {
                Type = "url-rewrite",
                UrlRewriteConfig = new UrlRewriteConfig { Rewrites = new List<RewriteConfig> { new RewriteConfig { Regex = "^/" + Pick(Words) + "/(.*)$", Replace = "/$1" } } },
            },
        };
    }
}
