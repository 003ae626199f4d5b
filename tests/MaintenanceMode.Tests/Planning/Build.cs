using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;
using MaintenanceMode.Operations;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>
    /// The test kit's one builder of rules: conditions, actions and settings, short enough that a test shows its
    /// listener at a glance. <see cref="PlanningHarness"/> puts them on a listener of the in-memory ELBv2.
    /// </summary>
    internal static class Build
    {
        public const string StateLocation = "s3://state-bucket/maintenance-mode/";

        public static string TargetGroup(string name) => $"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/0123456789abcdef";

        public static List<Action> Forward(string name) => new List<Action> { new Action { Type = "forward", TargetGroupArn = TargetGroup(name) } };

        public static List<Action> Fixed(string body, string status = "404", string contentType = "text/plain") => new List<Action>
        {
            new Action { Type = "fixed-response", FixedResponseConfig = new FixedResponseActionConfig { StatusCode = status, ContentType = contentType, MessageBody = body } },
        };

        /// <summary>A forward split between target groups by weight.</summary>
        public static List<Action> WeightedForward(TargetGroupStickinessConfig? stickiness, params (string Name, int Weight)[] groups) => new List<Action>
        {
            new Action
            {
                Type = "forward",
                ForwardConfig = new ForwardActionConfig
                {
                    TargetGroups = groups.Select(g => new TargetGroupTuple { TargetGroupArn = TargetGroup(g.Name), Weight = g.Weight }).ToList(),
                    TargetGroupStickinessConfig = stickiness,
                },
            },
        };

        /// <summary>A permanent redirect to HTTPS on the same host, with ALB's #{} parts.</summary>
        public static List<Action> Redirect(string path = "/#{path}", string query = "#{query}") => new List<Action>
        {
            new Action { Type = "redirect", RedirectConfig = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", Host = "#{host}", Path = path, Query = query, StatusCode = "HTTP_301" } },
        };

        /// <summary>OIDC sign-in then a forward to <paramref name="name"/>; AWS keeps the secret and never describes it.</summary>
        public static List<Action> Oidc(string name, string? scope = null, string? secret = "s3cret") => new List<Action>
        {
            new Action
            {
                Type = "authenticate-oidc",
                Order = 1,
                AuthenticateOidcConfig = new AuthenticateOidcActionConfig
                {
                    Issuer = "https://idp.example.com",
                    AuthorizationEndpoint = "https://idp.example.com/authorize",
                    TokenEndpoint = "https://idp.example.com/token",
                    UserInfoEndpoint = "https://idp.example.com/userinfo",
                    ClientId = "client",
                    ClientSecret = secret,
                    Scope = scope,
                },
            },
            new Action { Type = "forward", Order = 2, TargetGroupArn = TargetGroup(name) },
        };

        public static RuleCondition Host(params string[] values) => new RuleCondition { Field = "host-header", HostHeaderConfig = new HostHeaderConditionConfig { Values = values.ToList() } };

        public static RuleCondition Path(params string[] values) => new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = values.ToList() } };

        public static RuleCondition LegacyPath(string value) => new RuleCondition { Field = "path-pattern", Values = new List<string> { value } };

        public static RuleCondition Header(string name, params string[] values) => new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = name, Values = values.ToList() } };

        public static RuleCondition Method(params string[] values) => new RuleCondition { Field = "http-request-method", HttpRequestMethodConfig = new HttpRequestMethodConditionConfig { Values = values.ToList() } };

        public static RuleCondition Source(params string[] cidrs) => new RuleCondition { Field = "source-ip", SourceIpConfig = new SourceIpConditionConfig { Values = cidrs.ToList() } };

        public static RuleCondition Query(string? key, string value) => new RuleCondition
        {
            Field = "query-string",
            QueryStringConfig = new QueryStringConditionConfig { Values = new List<QueryStringKeyValuePair> { new QueryStringKeyValuePair { Key = key, Value = value } } },
        };

        public static List<RuleCondition> When(params RuleCondition[] conditions) => conditions.ToList();

        public static MaintenanceSettings Settings(string[]? allowIps = null, HeaderMatch[]? headers = null, string body = "<h1>Back soon</h1>") => new MaintenanceSettings
        {
            PageBody = body,
            PageContentType = "text/html",
            StatusCode = 503,
            AllowSourceIp = (allowIps ?? new string[0]).Select(CidrBlock.Parse).ToList(),
            AllowHeaders = (headers ?? new HeaderMatch[0]).ToList(),
        };
    }
}
