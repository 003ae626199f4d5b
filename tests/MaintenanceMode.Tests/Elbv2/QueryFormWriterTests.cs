using System.Globalization;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Elbv2
{
    public class QueryFormWriterTests
    {
        private static string[] Lines(QueryFormWriter writer) => writer.Fields.Select(f => f.Key + "=" + f.Value).ToArray();

        [Fact]
        public void Every_condition_kind_is_encoded_with_member_indexes_from_one()
        {
            var conditions = new List<RuleCondition>
            {
                new RuleCondition { Field = "host-header", HostHeaderConfig = new HostHeaderConditionConfig { Values = new List<string> { "a.example.com", "b.example.com" }, RegexValues = new List<string> { "^c\\..*$" } } },
                new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = new List<string> { "/img/*" }, RegexValues = new List<string> { "^/v[0-9]/.*$" } } },
                new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-Forwarded-For", Values = new List<string> { "203.0.113.*" }, RegexValues = new List<string> { ".*Mobile.*" } } },
                new RuleCondition { Field = "query-string", QueryStringConfig = new QueryStringConditionConfig { Values = new List<QueryStringKeyValuePair> { new QueryStringKeyValuePair { Key = "version", Value = "v1" }, new QueryStringKeyValuePair { Value = "debug" } } } },
                new RuleCondition { Field = "http-request-method", HttpRequestMethodConfig = new HttpRequestMethodConditionConfig { Values = new List<string> { "GET", "HEAD" } } },
                new RuleCondition { Field = "source-ip", SourceIpConfig = new SourceIpConditionConfig { Values = new List<string> { "10.0.0.0/8" } } },
                new RuleCondition { Field = "path-pattern", Values = new List<string> { "/legacy/*" }, RegexValues = new List<string> { "^/old$" } },
            };

            var lines = Lines(new QueryFormWriter().Add("Conditions", conditions));

            Assert.Equal(new[]
            {
                "Conditions.member.1.Field=host-header",
                "Conditions.member.1.HostHeaderConfig.Values.member.1=a.example.com",
                "Conditions.member.1.HostHeaderConfig.Values.member.2=b.example.com",
                "Conditions.member.1.HostHeaderConfig.RegexValues.member.1=^c\\..*$",
                "Conditions.member.2.Field=path-pattern",
                "Conditions.member.2.PathPatternConfig.Values.member.1=/img/*",
                "Conditions.member.2.PathPatternConfig.RegexValues.member.1=^/v[0-9]/.*$",
                "Conditions.member.3.Field=http-header",
                "Conditions.member.3.HttpHeaderConfig.HttpHeaderName=X-Forwarded-For",
                "Conditions.member.3.HttpHeaderConfig.Values.member.1=203.0.113.*",
                "Conditions.member.3.HttpHeaderConfig.RegexValues.member.1=.*Mobile.*",
                "Conditions.member.4.Field=query-string",
                "Conditions.member.4.QueryStringConfig.Values.member.1.Key=version",
                "Conditions.member.4.QueryStringConfig.Values.member.1.Value=v1",
                "Conditions.member.4.QueryStringConfig.Values.member.2.Value=debug",
                "Conditions.member.5.Field=http-request-method",
                "Conditions.member.5.HttpRequestMethodConfig.Values.member.1=GET",
                "Conditions.member.5.HttpRequestMethodConfig.Values.member.2=HEAD",
                "Conditions.member.6.Field=source-ip",
                "Conditions.member.6.SourceIpConfig.Values.member.1=10.0.0.0/8",
                "Conditions.member.7.Field=path-pattern",
                "Conditions.member.7.Values.member.1=/legacy/*",
                "Conditions.member.7.RegexValues.member.1=^/old$",
            }, lines);
        }

        [Fact]
        public void Forward_redirect_and_fixed_response_actions_are_encoded_with_weights_stickiness_and_order()
        {
            var actions = new List<Action>
            {
                new Action
                {
                    Type = "forward", Order = 1,
                    ForwardConfig = new ForwardActionConfig
                    {
                        TargetGroups = new List<TargetGroupTuple>
                        {
                            new TargetGroupTuple { TargetGroupArn = "tg-blue", Weight = 80 },
                            new TargetGroupTuple { TargetGroupArn = "tg-green", Weight = 0 },
                        },
                        TargetGroupStickinessConfig = new TargetGroupStickinessConfig { Enabled = false, DurationSeconds = 3600 },
                    },
                },
                new Action
                {
                    Type = "redirect", Order = 2,
                    RedirectConfig = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", Host = "#{host}", Path = "/#{path}", Query = "#{query}", StatusCode = "HTTP_301" },
                },
                new Action
                {
                    Type = "fixed-response", Order = 3,
                    FixedResponseConfig = new FixedResponseActionConfig { MessageBody = "<h1>Back soon & ok</h1>", StatusCode = "503", ContentType = "text/html" },
                },
                new Action { Type = "forward", TargetGroupArn = "tg-single", Order = 4 },
            };

            var lines = Lines(new QueryFormWriter().Add("Actions", actions));

            Assert.Equal(new[]
            {
                "Actions.member.1.Type=forward",
                "Actions.member.1.Order=1",
                "Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=tg-blue",
                "Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight=80",
                "Actions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn=tg-green",
                "Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight=0",
                "Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled=false",
                "Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds=3600",
                "Actions.member.2.Type=redirect",
                "Actions.member.2.Order=2",
                "Actions.member.2.RedirectConfig.Protocol=HTTPS",
                "Actions.member.2.RedirectConfig.Port=443",
                "Actions.member.2.RedirectConfig.Host=#{host}",
                "Actions.member.2.RedirectConfig.Path=/#{path}",
                "Actions.member.2.RedirectConfig.Query=#{query}",
                "Actions.member.2.RedirectConfig.StatusCode=HTTP_301",
                "Actions.member.3.Type=fixed-response",
                "Actions.member.3.Order=3",
                "Actions.member.3.FixedResponseConfig.MessageBody=<h1>Back soon & ok</h1>",
                "Actions.member.3.FixedResponseConfig.StatusCode=503",
                "Actions.member.3.FixedResponseConfig.ContentType=text/html",
                "Actions.member.4.Type=forward",
                "Actions.member.4.TargetGroupArn=tg-single",
                "Actions.member.4.Order=4",
            }, lines);
        }

        [Fact]
        public void Oidc_action_encodes_secret_use_existing_flag_and_extra_params_map_in_order()
        {
            var action = new Action
            {
                Type = "authenticate-oidc", Order = 1,
                AuthenticateOidcConfig = new AuthenticateOidcActionConfig
                {
                    Issuer = "https://idp.example.com", AuthorizationEndpoint = "https://idp.example.com/authorize",
                    TokenEndpoint = "https://idp.example.com/token", UserInfoEndpoint = "https://idp.example.com/userinfo",
                    ClientId = "client", ClientSecret = "s3cr3t", SessionCookieName = "Session", Scope = "openid email",
                    SessionTimeout = 604800,
                    AuthenticationRequestExtraParams = new Dictionary<string, string> { ["prompt"] = "login", ["display"] = "page" },
                    OnUnauthenticatedRequest = "authenticate", UseExistingClientSecret = false,
                },
            };

            var lines = Lines(new QueryFormWriter().Add("Actions", new List<Action> { action }));

            Assert.Equal(new[]
            {
                "Actions.member.1.Type=authenticate-oidc",
                "Actions.member.1.AuthenticateOidcConfig.Issuer=https://idp.example.com",
                "Actions.member.1.AuthenticateOidcConfig.AuthorizationEndpoint=https://idp.example.com/authorize",
                "Actions.member.1.AuthenticateOidcConfig.TokenEndpoint=https://idp.example.com/token",
                "Actions.member.1.AuthenticateOidcConfig.UserInfoEndpoint=https://idp.example.com/userinfo",
                "Actions.member.1.AuthenticateOidcConfig.ClientId=client",
                "Actions.member.1.AuthenticateOidcConfig.ClientSecret=s3cr3t",
                "Actions.member.1.AuthenticateOidcConfig.SessionCookieName=Session",
                "Actions.member.1.AuthenticateOidcConfig.Scope=openid email",
                "Actions.member.1.AuthenticateOidcConfig.SessionTimeout=604800",
                "Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.key=prompt",
                "Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.value=login",
                "Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.key=display",
                "Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.value=page",
                "Actions.member.1.AuthenticateOidcConfig.OnUnauthenticatedRequest=authenticate",
                "Actions.member.1.AuthenticateOidcConfig.UseExistingClientSecret=false",
                "Actions.member.1.Order=1",
            }, lines);
        }

        [Fact]
        public void Cognito_and_jwt_validation_actions_are_encoded_with_maps_and_nested_claim_lists()
        {
            var actions = new List<Action>
            {
                new Action
                {
                    Type = "authenticate-cognito", Order = 1,
                    AuthenticateCognitoConfig = new AuthenticateCognitoActionConfig
                    {
                        UserPoolArn = "pool-arn", UserPoolClientId = "pool-client", UserPoolDomain = "shop-auth",
                        SessionCookieName = "C", Scope = "openid", SessionTimeout = 3600L,
                        AuthenticationRequestExtraParams = new Dictionary<string, string> { ["lang"] = "de" },
                        OnUnauthenticatedRequest = "deny",
                    },
                },
                new Action
                {
                    Type = "jwt-validation", Order = 2,
                    JwtValidationConfig = new JwtValidationActionConfig
                    {
                        JwksEndpoint = "https://idp.example.com/jwks", Issuer = "https://idp.example.com",
                        AdditionalClaims = new List<JwtValidationActionAdditionalClaim>
                        {
                            new JwtValidationActionAdditionalClaim { Format = "string-array", Name = "groups", Values = new List<string> { "admin", "ops" } },
                        },
                    },
                },
            };

            var lines = Lines(new QueryFormWriter().Add("Actions", actions));

            Assert.Equal(new[]
            {
                "Actions.member.1.Type=authenticate-cognito",
                "Actions.member.1.AuthenticateCognitoConfig.UserPoolArn=pool-arn",
                "Actions.member.1.AuthenticateCognitoConfig.UserPoolClientId=pool-client",
                "Actions.member.1.AuthenticateCognitoConfig.UserPoolDomain=shop-auth",
                "Actions.member.1.AuthenticateCognitoConfig.SessionCookieName=C",
                "Actions.member.1.AuthenticateCognitoConfig.Scope=openid",
                "Actions.member.1.AuthenticateCognitoConfig.SessionTimeout=3600",
                "Actions.member.1.AuthenticateCognitoConfig.AuthenticationRequestExtraParams.entry.1.key=lang",
                "Actions.member.1.AuthenticateCognitoConfig.AuthenticationRequestExtraParams.entry.1.value=de",
                "Actions.member.1.AuthenticateCognitoConfig.OnUnauthenticatedRequest=deny",
                "Actions.member.1.Order=1",
                "Actions.member.2.Type=jwt-validation",
                "Actions.member.2.Order=2",
                "Actions.member.2.JwtValidationConfig.JwksEndpoint=https://idp.example.com/jwks",
                "Actions.member.2.JwtValidationConfig.Issuer=https://idp.example.com",
                "Actions.member.2.JwtValidationConfig.AdditionalClaims.member.1.Format=string-array",
                "Actions.member.2.JwtValidationConfig.AdditionalClaims.member.1.Name=groups",
                "Actions.member.2.JwtValidationConfig.AdditionalClaims.member.1.Values.member.1=admin",
                "Actions.member.2.JwtValidationConfig.AdditionalClaims.member.1.Values.member.2=ops",
            }, lines);
        }

        [Fact]
        public void Both_transform_kinds_are_encoded()
        {
            var transforms = new List<RuleTransform>
            {
                new RuleTransform { Type = "host-header-rewrite", HostHeaderRewriteConfig = new HostHeaderRewriteConfig { Rewrites = new List<RewriteConfig> { new RewriteConfig { Regex = "^www\\.(.+)$", Replace = "$1" } } } },
                new RuleTransform { Type = "url-rewrite", UrlRewriteConfig = new UrlRewriteConfig { Rewrites = new List<RewriteConfig> { new RewriteConfig { Regex = "^/api/(.*)$", Replace = "/v2/$1" } } } },
            };

            Assert.Equal(new[]
            {
                "Transforms.member.1.Type=host-header-rewrite",
                "Transforms.member.1.HostHeaderRewriteConfig.Rewrites.member.1.Regex=^www\\.(.+)$",
                "Transforms.member.1.HostHeaderRewriteConfig.Rewrites.member.1.Replace=$1",
                "Transforms.member.2.Type=url-rewrite",
                "Transforms.member.2.UrlRewriteConfig.Rewrites.member.1.Regex=^/api/(.*)$",
                "Transforms.member.2.UrlRewriteConfig.Rewrites.member.1.Replace=/v2/$1",
            }, Lines(new QueryFormWriter().Add("Transforms", transforms)));
        }

        [Fact]
        public void Null_members_and_empty_lists_and_maps_are_left_out()
        {
            var request = new ModifyRuleRequest
            {
                RuleArn = "rule-arn",
                Conditions = new List<RuleCondition>(),
                Actions = new List<Action>
                {
                    new Action
                    {
                        Type = "authenticate-cognito",
                        AuthenticateCognitoConfig = new AuthenticateCognitoActionConfig { UserPoolArn = "p", AuthenticationRequestExtraParams = new Dictionary<string, string>() },
                    },
                },
            };

            Assert.Equal(new[]
            {
                "RuleArn=rule-arn",
                "Actions.member.1.Type=authenticate-cognito",
                "Actions.member.1.AuthenticateCognitoConfig.UserPoolArn=p",
            }, Lines(new QueryFormWriter().AddMembers(request)));
        }

        [Fact]
        public void Numbers_use_the_invariant_culture_whatever_the_thread_culture()
        {
            var previous = CultureInfo.CurrentCulture;
            try
            {
                // Swedish formats negative numbers with U+2212 and groups digits with a non-breaking space.
                CultureInfo.CurrentCulture = new CultureInfo("sv-SE");
                var lines = Lines(new QueryFormWriter()
                    .Add("Order", -1)
                    .Add("SessionTimeout", 1234567L)
                    .Add("RulePriorities", new List<RulePriorityPair> { new RulePriorityPair { RuleArn = "r", Priority = 50000 } }));

                Assert.Equal(new[] { "Order=-1", "SessionTimeout=1234567", "RulePriorities.member.1.RuleArn=r", "RulePriorities.member.1.Priority=50000" }, lines);
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
            }
        }
    }
}
