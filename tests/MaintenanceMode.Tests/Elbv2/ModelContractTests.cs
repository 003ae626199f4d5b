using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Elbv2
{
    /// <summary>
    /// The model's class and member names are the contract other code is written against, and the Query
    /// writer and XML reader derive wire names from them: they must be botocore's, in botocore's order.
    /// </summary>
    public class ModelContractTests
    {
        /// <summary>Member lists copied from botocore's elbv2 2015-12-01 service model.</summary>
        private static readonly Dictionary<Type, string[]> BotocoreMembers = new Dictionary<Type, string[]>
        {
                [typeof(Rule)] = new[] { "RuleArn", "Priority", "Conditions", "Actions", "IsDefault", "Transforms" },
                [typeof(RuleCondition)] = new[] { "Field", "Values", "HostHeaderConfig", "PathPatternConfig", "HttpHeaderConfig", "QueryStringConfig", "HttpRequestMethodConfig", "SourceIpConfig", "RegexValues" },
                [typeof(HostHeaderConditionConfig)] = new[] { "Values", "RegexValues" },
                [typeof(PathPatternConditionConfig)] = new[] { "Values", "RegexValues" },
                [typeof(HttpHeaderConditionConfig)] = new[] { "HttpHeaderName", "Values", "RegexValues" },
                [typeof(QueryStringConditionConfig)] = new[] { "Values" },
                [typeof(QueryStringKeyValuePair)] = new[] { "Key", "Value" },
                [typeof(HttpRequestMethodConditionConfig)] = new[] { "Values" },
                [typeof(SourceIpConditionConfig)] = new[] { "Values" },
                [typeof(Action)] = new[] { "Type", "TargetGroupArn", "AuthenticateOidcConfig", "AuthenticateCognitoConfig", "Order", "RedirectConfig", "FixedResponseConfig", "ForwardConfig", "JwtValidationConfig" },
                [typeof(AuthenticateOidcActionConfig)] = new[] { "Issuer", "AuthorizationEndpoint", "TokenEndpoint", "UserInfoEndpoint", "ClientId", "ClientSecret", "SessionCookieName", "Scope", "SessionTimeout", "AuthenticationRequestExtraParams", "OnUnauthenticatedRequest", "UseExistingClientSecret" },
                [typeof(AuthenticateCognitoActionConfig)] = new[] { "UserPoolArn", "UserPoolClientId", "UserPoolDomain", "SessionCookieName", "Scope", "SessionTimeout", "AuthenticationRequestExtraParams", "OnUnauthenticatedRequest" },
                [typeof(RedirectActionConfig)] = new[] { "Protocol", "Port", "Host", "Path", "Query", "StatusCode" },
                [typeof(FixedResponseActionConfig)] = new[] { "MessageBody", "StatusCode", "ContentType" },
                [typeof(ForwardActionConfig)] = new[] { "TargetGroups", "TargetGroupStickinessConfig" },
                [typeof(TargetGroupTuple)] = new[] { "TargetGroupArn", "Weight" },
                [typeof(TargetGroupStickinessConfig)] = new[] { "Enabled", "DurationSeconds" },
                [typeof(JwtValidationActionConfig)] = new[] { "JwksEndpoint", "Issuer", "AdditionalClaims" },
                [typeof(JwtValidationActionAdditionalClaim)] = new[] { "Format", "Name", "Values" },
                [typeof(RuleTransform)] = new[] { "Type", "HostHeaderRewriteConfig", "UrlRewriteConfig" },
                [typeof(HostHeaderRewriteConfig)] = new[] { "Rewrites" },
                [typeof(UrlRewriteConfig)] = new[] { "Rewrites" },
                [typeof(RewriteConfig)] = new[] { "Regex", "Replace" },
                [typeof(Listener)] = new[] { "ListenerArn", "LoadBalancerArn", "Port", "Protocol", "Certificates", "SslPolicy", "DefaultActions", "AlpnPolicy", "MutualAuthentication" },
                [typeof(Certificate)] = new[] { "CertificateArn", "IsDefault" },
                [typeof(MutualAuthenticationAttributes)] = new[] { "Mode", "TrustStoreArn", "IgnoreClientCertificateExpiry", "TrustStoreAssociationStatus", "AdvertiseTrustStoreCaNames" },
                [typeof(LoadBalancer)] = new[] { "LoadBalancerArn", "DNSName", "CanonicalHostedZoneId", "CreatedTime", "LoadBalancerName", "Scheme", "VpcId", "State", "Type", "AvailabilityZones", "SecurityGroups", "IpAddressType", "CustomerOwnedIpv4Pool", "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", "EnablePrefixForIpv6SourceNat", "IpamPools" },
                [typeof(LoadBalancerState)] = new[] { "Code", "Reason" },
                [typeof(AvailabilityZone)] = new[] { "ZoneName", "SubnetId", "OutpostId", "LoadBalancerAddresses", "SourceNatIpv6Prefixes" },
                [typeof(LoadBalancerAddress)] = new[] { "IpAddress", "AllocationId", "PrivateIPv4Address", "IPv6Address" },
                [typeof(IpamPools)] = new[] { "Ipv4IpamPoolId" },
                [typeof(Tag)] = new[] { "Key", "Value" },
                [typeof(TagDescription)] = new[] { "ResourceArn", "Tags" },
                [typeof(RulePriorityPair)] = new[] { "RuleArn", "Priority" },
                [typeof(CreateRuleRequest)] = new[] { "ListenerArn", "Conditions", "Priority", "Actions", "Tags", "Transforms" },
                [typeof(ModifyRuleRequest)] = new[] { "RuleArn", "Conditions", "Actions", "Transforms", "ResetTransforms" },
        };

        [Fact]
        public void Every_model_class_has_exactly_botocores_members_in_botocores_order()
        {
            foreach (var shape in BotocoreMembers)
            {
                Assert.Equal(shape.Value, ShapeMembers.Of(shape.Key).Select(p => p.Name).ToArray());
            }
        }

        [Fact]
        public void Model_classes_live_in_the_agreed_namespace_and_have_parameterless_constructors()
        {
            foreach (var type in BotocoreMembers.Keys.Concat(new[] { typeof(ModifyListenerRequest) }))
            {
                Assert.Equal("MaintenanceMode.Aws.Elbv2", type.Namespace);
                Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            }

            Assert.Equal(typeof(string), typeof(Rule).GetProperty(nameof(Rule.Priority))!.PropertyType);
            Assert.Equal(typeof(int), typeof(RulePriorityPair).GetProperty(nameof(RulePriorityPair.Priority))!.PropertyType);
            Assert.Equal(typeof(List<Action>), typeof(Rule).GetProperty(nameof(Rule.Actions))!.PropertyType);
        }
    }
}
