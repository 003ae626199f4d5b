using System.IO;
using System.Xml.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Elbv2
{
    public class QueryXmlReaderTests
    {
        private static List<Rule> RichRules() => QueryXmlReader.ReadList<Rule>(Elbv2Fixtures.Result("DescribeRules-rich"), "Rules");

        private static Rule RuleAt(string priority) => RichRules().Single(r => r.Priority == priority);

        [Fact]
        public void Rich_rules_decode_conditions_of_every_kind()
        {
            var rules = RichRules();
            Assert.Equal(new[] { "10", "20", "30", "40", "50", "60", "default" }, rules.Select(r => r.Priority));

            var first = RuleAt("10");
            Assert.False(first.IsDefault);
            Assert.EndsWith("/1111111111111111", first.RuleArn);
            Assert.Equal(new[] { "www.example.com" }, first.Conditions![0].Values!);
            Assert.Equal(new[] { "www.example.com" }, first.Conditions[0].HostHeaderConfig!.Values!);
            Assert.Equal(new[] { "GET", "HEAD" }, first.Conditions[1].HttpRequestMethodConfig!.Values!);
            Assert.Equal(new[] { "10.0.0.0/8", "2001:db8::/32" }, first.Conditions[2].SourceIpConfig!.Values!);

            var second = RuleAt("20");
            Assert.Equal(new[] { "^/img/[0-9]+\\.png$" }, second.Conditions![0].RegexValues!);
            Assert.Equal(new[] { "^/img/[0-9]+\\.png$" }, second.Conditions[0].PathPatternConfig!.RegexValues!);
            Assert.Null(second.Conditions[0].PathPatternConfig!.Values);
            Assert.Equal("X-Forwarded-For", second.Conditions[1].HttpHeaderConfig!.HttpHeaderName);
            Assert.Equal(new[] { "203.0.113.*" }, second.Conditions[1].HttpHeaderConfig!.Values!);

            var third = RuleAt("30");
            var pairs = third.Conditions![0].QueryStringConfig!.Values!;
            Assert.Equal("version", pairs[0].Key);
            Assert.Equal("v1", pairs[0].Value);
            Assert.Null(pairs[1].Key);
            Assert.Equal("debug", pairs[1].Value);
            Assert.Equal(new[] { ".*Mobile.*" }, third.Conditions[1].HttpHeaderConfig!.RegexValues!);

            Assert.Equal(new[] { "^admin\\.(eu|us)\\.example\\.com$" }, RuleAt("50").Conditions![0].HostHeaderConfig!.RegexValues!);
        }

        [Fact]
        public void Rich_rules_decode_actions_of_every_kind()
        {
            var forward = RuleAt("10").Actions!.Single();
            Assert.Equal(1, forward.Order);
            Assert.Equal(new[] { 80, 20 }, forward.ForwardConfig!.TargetGroups!.Select(t => t.Weight!.Value));
            Assert.EndsWith("targetgroup/green/fedcba9876543210", forward.ForwardConfig.TargetGroups![1].TargetGroupArn);
            Assert.True(forward.ForwardConfig.TargetGroupStickinessConfig!.Enabled);
            Assert.Equal(3600, forward.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds);

            var redirect = RuleAt("20").Actions!.Single().RedirectConfig!;
            Assert.Equal(("HTTPS", "443", "#{host}", "/#{path}", "#{query}&from=http", "HTTP_301"),
                (redirect.Protocol, redirect.Port, redirect.Host, redirect.Path, redirect.Query, redirect.StatusCode));

            var fixedResponse = RuleAt("30").Actions!.Single().FixedResponseConfig!;
            Assert.Equal("<html><body><h1>Wartungsarbeiten – bald zurück & 100% erreichbar</h1></body></html>", fixedResponse.MessageBody);
            Assert.Equal("503", fixedResponse.StatusCode);
            Assert.Equal("text/html", fixedResponse.ContentType);

            var oidcRule = RuleAt("40").Actions!;
            var oidc = oidcRule[0].AuthenticateOidcConfig!;
            Assert.Equal("authenticate-oidc", oidcRule[0].Type);
            Assert.Equal("https://idp.example.com/userinfo", oidc.UserInfoEndpoint);
            Assert.Equal(604800L, oidc.SessionTimeout);
            Assert.Null(oidc.ClientSecret);
            Assert.Equal(new[] { "prompt=login", "acr_values=urn:mace:incommon:iap:silver" },
                oidc.AuthenticationRequestExtraParams!.Select(p => p.Key + "=" + p.Value));
            Assert.Equal(2, oidcRule[1].Order);
            Assert.NotNull(oidcRule[1].TargetGroupArn);
            Assert.False(oidcRule[1].ForwardConfig!.TargetGroupStickinessConfig!.Enabled);

            var cognito = RuleAt("50").Actions![0].AuthenticateCognitoConfig!;
            Assert.Equal("shop-auth", cognito.UserPoolDomain);
            Assert.Equal("deny", cognito.OnUnauthenticatedRequest);
            Assert.Equal("de", cognito.AuthenticationRequestExtraParams!["lang"]);

            var jwt = RuleAt("60").Actions![0].JwtValidationConfig!;
            Assert.Equal("https://idp.example.com/.well-known/jwks.json", jwt.JwksEndpoint);
            Assert.Equal(new[] { "string-array:groups:admin,ops", "single-string:tenant:acme" },
                jwt.AdditionalClaims!.Select(c => c.Format + ":" + c.Name + ":" + string.Join(",", c.Values!)));
        }

        [Fact]
        public void Rich_rules_decode_transforms_and_the_default_rule()
        {
            var transforms = RuleAt("10").Transforms!;
            Assert.Equal("host-header-rewrite", transforms[0].Type);
            Assert.Equal("^www\\.(.+)$", transforms[0].HostHeaderRewriteConfig!.Rewrites![0].Regex);
            Assert.Equal("$1", transforms[0].HostHeaderRewriteConfig!.Rewrites![0].Replace);
            Assert.Equal("/v2/$1", transforms[1].UrlRewriteConfig!.Rewrites![0].Replace);
            Assert.Null(RuleAt("20").Transforms);

            var defaultRule = RuleAt("default");
            Assert.True(defaultRule.IsDefault);
            Assert.NotNull(defaultRule.Conditions);
            Assert.Empty(defaultRule.Conditions!);
        }

        [Fact]
        public void Decoding_ignores_namespace_member_order_and_whitespace()
        {
            var withNamespace = Elbv2Fixtures.Result("DescribeRules-rich");
            var plain = StripNamespaceAndReverseMembers(withNamespace);
            Assert.NotEqual(withNamespace.ToString(), plain.ToString());

            var expected = ModelJson.Serialize(QueryXmlReader.ReadList<Rule>(withNamespace, "Rules"));
            var actual = ModelJson.Serialize(QueryXmlReader.ReadList<Rule>(plain, "Rules"));

            Assert.Equal(expected, actual);
        }

        [Fact]
        public void Whole_response_document_can_be_read_as_well_as_the_result_element()
        {
            var document = Elbv2Fixtures.Document("DescribeRules-page1").Root!;
            Assert.Equal(2, QueryXmlReader.ReadList<Rule>(document, "Rules").Count);
            Assert.Equal("bWFya2VyLTE=", QueryXmlReader.ReadText(document, "NextMarker"));
            Assert.Null(QueryXmlReader.ReadText(Elbv2Fixtures.Result("DescribeRules-page3"), "NextMarker"));
        }

        [Fact]
        public void Load_balancers_decode_state_zones_addresses_and_timestamps()
        {
            var balancers = QueryXmlReader.ReadList<LoadBalancer>(Elbv2Fixtures.Result("DescribeLoadBalancers"), "LoadBalancers");

            var alb = balancers[0];
            Assert.Equal("shop", alb.LoadBalancerName);
            Assert.Equal("shop-1234567890.us-east-1.elb.amazonaws.com", alb.DNSName);
            Assert.Equal(("internet-facing", "vpc-3ac0fb5f", "active", "application", "dualstack"),
                (alb.Scheme, alb.VpcId, alb.State!.Code, alb.Type, alb.IpAddressType));
            Assert.Equal(new DateTime(2024, 3, 1, 12, 34, 56, 789, DateTimeKind.Utc), alb.CreatedTime);
            Assert.Equal(DateTimeKind.Utc, alb.CreatedTime!.Value.Kind);
            Assert.Equal(new[] { "us-east-1a", "us-east-1b" }, alb.AvailabilityZones!.Select(z => z.ZoneName));
            Assert.Equal(new[] { "sg-5943793c" }, alb.SecurityGroups!);

            var nlb = balancers[1];
            Assert.Equal("Provisioning in progress", nlb.State!.Reason);
            var address = nlb.AvailabilityZones![0].LoadBalancerAddresses!.Single();
            Assert.Equal(("198.51.100.10", "eipalloc-0123456789abcdef0", "10.0.1.10", "2001:db8::10"),
                (address.IpAddress, address.AllocationId, address.PrivateIPv4Address, address.IPv6Address));
            Assert.Equal("ipam-pool-0123456789abcdef0", nlb.IpamPools!.Ipv4IpamPoolId);
            Assert.Equal("on", nlb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic);
        }

        [Fact]
        public void Listeners_decode_certificates_alpn_mutual_tls_and_default_actions()
        {
            var listener = QueryXmlReader.ReadList<Listener>(Elbv2Fixtures.Result("DescribeListeners-page1"), "Listeners").Single();

            Assert.Equal(443, listener.Port);
            Assert.Equal("HTTPS", listener.Protocol);
            Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", listener.SslPolicy);
            Assert.Equal(new[] { "HTTP2Preferred" }, listener.AlpnPolicy!);
            Assert.Null(listener.Certificates!.Single().IsDefault);
            Assert.Equal("verify", listener.MutualAuthentication!.Mode);
            Assert.False(listener.MutualAuthentication.IgnoreClientCertificateExpiry);
            Assert.Equal("404", listener.DefaultActions!.Single().FixedResponseConfig!.StatusCode);
        }

        [Fact]
        public void A_value_that_is_not_a_number_or_boolean_fails_with_the_element_name()
        {
            var badOrder = XElement.Parse("<R><Rules><member><Actions><member><Order>one</Order></member></Actions></member></Rules></R>");
            var badFlag = XElement.Parse("<R><Rules><member><IsDefault>yes</IsDefault></member></Rules></R>");

            Assert.Contains("<Order>", Assert.Throws<InvalidDataException>(() => QueryXmlReader.ReadList<Rule>(badOrder, "Rules")).Message);
            Assert.Contains("<IsDefault>", Assert.Throws<InvalidDataException>(() => QueryXmlReader.ReadList<Rule>(badFlag, "Rules")).Message);
        }

        [Fact]
        public void Unknown_elements_are_ignored_and_absent_lists_stay_null()
        {
            var xml = XElement.Parse("<R><Rules><member><Priority>7</Priority><FutureMember><X>1</X></FutureMember></member></Rules></R>");
            var rule = QueryXmlReader.ReadList<Rule>(xml, "Rules").Single();

            Assert.Equal("7", rule.Priority);
            Assert.Null(rule.Conditions);
            Assert.Null(rule.Actions);
            Assert.Empty(QueryXmlReader.ReadList<Rule>(xml, "Missing"));
        }

        /// <summary>
        /// A copy without namespace whose structure members come in reverse order, separated by extra
        /// whitespace; list members and map entries keep their order, which carries meaning.
        /// </summary>
        private static XElement StripNamespaceAndReverseMembers(XElement element)
        {
            var copy = new XElement(element.Name.LocalName);
            if (!element.HasElements)
            {
                copy.Value = element.Value;
                return copy;
            }

            var children = element.Elements().ToList();
            var isListOrMap = children.All(c => c.Name.LocalName == "member" || c.Name.LocalName == "entry");
            foreach (var child in isListOrMap ? children : Enumerable.Reverse(children))
            {
                copy.Add(new XText("\n      "), StripNamespaceAndReverseMembers(child));
            }

            return copy;
        }
    }
}
