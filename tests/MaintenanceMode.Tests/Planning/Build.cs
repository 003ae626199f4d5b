using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;
using MaintenanceMode.Operations;
using MaintenanceMode.Rules;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>Short builders for rules, conditions, actions and settings in planner tests.</summary>
    internal static class Build
    {
        public const string StateLocation = "s3://state-bucket/maintenance-mode/";

        public static string TargetGroup(string name) => $"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/0123456789abcdef";

        public static List<Action> Forward(string name) => new List<Action> { new Action { Type = "forward", TargetGroupArn = TargetGroup(name) } };

        public static List<Action> Fixed(string body, string status = "404") => new List<Action>
        {
            new Action { Type = "fixed-response", FixedResponseConfig = new FixedResponseActionConfig { StatusCode = status, ContentType = "text/plain", MessageBody = body } },
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
