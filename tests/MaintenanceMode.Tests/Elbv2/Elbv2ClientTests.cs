using System.IO;
using System.Xml.Linq;
using MaintenanceMode.Aws.Elbv2;
using Action = MaintenanceMode.Aws.Elbv2.Action;

namespace MaintenanceMode.Tests.Elbv2
{
    public class Elbv2ClientTests
    {
        private const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";
        private const string RulePrefix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/";

        [Fact]
        public async Task DescribeLoadBalancers_sends_arns_names_and_page_size_and_follows_markers()
        {
            var page1 = Elbv2Fixtures.Result("DescribeLoadBalancers");
            page1.Add(new XElement(XName.Get("NextMarker", Elbv2Fixtures.Namespace), "shop"));
            var transport = new FakeQueryTransport(page1, Elbv2Fixtures.Result("DescribeLoadBalancers"));

            var balancers = await new Elbv2Client(transport).DescribeLoadBalancersAsync(new[] { "shop", "edge" }, new[] { "arn-1" });

            Assert.Equal(4, balancers.Count);
            Assert.Equal(new[] { "DescribeLoadBalancers", "DescribeLoadBalancers" }, transport.Calls.Select(c => c.Action));
            Assert.Equal(new[] { "LoadBalancerArns.member.1=arn-1", "Names.member.1=shop", "Names.member.2=edge", "PageSize=400" }, transport.Calls[0].Lines);
            Assert.Equal(new[] { "LoadBalancerArns.member.1=arn-1", "Names.member.1=shop", "Names.member.2=edge", "Marker=shop", "PageSize=400" }, transport.Calls[1].Lines);
        }

        [Fact]
        public async Task DescribeLoadBalancers_without_filters_sends_only_the_page_size()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("DescribeLoadBalancers"));

            await new Elbv2Client(transport).DescribeLoadBalancersAsync();

            Assert.Equal(new[] { "PageSize=400" }, transport.SingleCall.Lines);
        }

        [Fact]
        public async Task DescribeListeners_follows_next_marker_and_decodes_both_pages()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("DescribeListeners-page1"), Elbv2Fixtures.Result("DescribeListeners-page2"));

            var listeners = await new Elbv2Client(transport).DescribeListenersAsync("lb-arn");

            Assert.Equal(new int?[] { 443, 80 }, listeners.Select(l => l.Port));
            Assert.Equal("HTTP_302", listeners[1].DefaultActions![0].RedirectConfig!.StatusCode);
            Assert.Equal(new[] { "LoadBalancerArn=lb-arn", "PageSize=400" }, transport.Calls[0].Lines);
            Assert.Equal(new[] { "LoadBalancerArn=lb-arn", "Marker=bGlzdGVuZXItMQ==", "PageSize=400" }, transport.Calls[1].Lines);
        }

        [Fact]
        public async Task DescribeListeners_by_arn_and_without_any_filter()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("DescribeListeners-page2"));
            var client = new Elbv2Client(transport);

            await client.DescribeListenersAsync(listenerArns: new[] { "l-1", "l-2" });

            Assert.Equal(new[] { "ListenerArns.member.1=l-1", "ListenerArns.member.2=l-2", "PageSize=400" }, transport.SingleCall.Lines);
            await Assert.ThrowsAsync<ArgumentException>(() => client.DescribeListenersAsync());
        }

        [Fact]
        public async Task DescribeRules_follows_next_marker_across_three_pages()
        {
            var transport = new FakeQueryTransport(
                Elbv2Fixtures.Result("DescribeRules-page1"), Elbv2Fixtures.Result("DescribeRules-page2"), Elbv2Fixtures.Result("DescribeRules-page3"));

            var rules = await new Elbv2Client(transport).DescribeRulesAsync(ListenerArn);

            Assert.Equal(new[] { "1", "2", "3", "4", "5" }, rules.Select(r => r.Priority));
            Assert.Equal(new[] { "/a/*", "/b/*", "/c/*", "/d/*", "/e/*" }, rules.Select(r => r.Conditions![0].PathPatternConfig!.Values![0]));
            Assert.Equal(3, transport.Calls.Count);
            Assert.Equal(new[] { "ListenerArn=" + ListenerArn, "PageSize=400" }, transport.Calls[0].Lines);
            Assert.Equal(new[] { "ListenerArn=" + ListenerArn, "Marker=bWFya2VyLTE=", "PageSize=400" }, transport.Calls[1].Lines);
            Assert.Equal(new[] { "ListenerArn=" + ListenerArn, "Marker=bWFya2VyLTI=", "PageSize=400" }, transport.Calls[2].Lines);
        }

        [Fact]
        public async Task DescribeRules_by_rule_arns_and_argument_checks()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("DescribeRules-page3"));
            var client = new Elbv2Client(transport);

            await client.DescribeRulesAsync(ruleArns: new[] { RulePrefix + "a", RulePrefix + "b" });

            Assert.Equal(new[] { "RuleArns.member.1=" + RulePrefix + "a", "RuleArns.member.2=" + RulePrefix + "b", "PageSize=400" }, transport.SingleCall.Lines);
            await Assert.ThrowsAsync<ArgumentException>(() => client.DescribeRulesAsync());
            await Assert.ThrowsAsync<ArgumentException>(() => client.DescribeRulesAsync(ListenerArn, new[] { "x" }));
        }

        [Fact]
        public async Task A_repeated_page_marker_stops_paging_instead_of_looping()
        {
            var transport = new FakeQueryTransport((action, fields) => Elbv2Fixtures.Result("DescribeRules-page1"));

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => new Elbv2Client(transport).DescribeRulesAsync(ListenerArn));

            Assert.Contains("bWFya2VyLTE=", error.Message);
            Assert.Equal(2, transport.Calls.Count);
        }

        [Fact]
        public async Task CreateRule_sends_every_member_in_botocore_order_and_returns_the_created_rule()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("CreateRule"));
            var request = new CreateRuleRequest
            {
                ListenerArn = ListenerArn,
                Priority = 1,
                Conditions = new List<RuleCondition> { new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = new List<string> { "/*" } } } },
                Actions = new List<Action>
                {
                    new Action { Type = "fixed-response", Order = 1, FixedResponseConfig = new FixedResponseActionConfig { MessageBody = "<h1>Down for maintenance</h1>", StatusCode = "503", ContentType = "text/html" } },
                },
                Tags = new List<Tag> { new Tag { Key = "maintenance:managed", Value = "true" }, new Tag { Key = "owner" } },
                Transforms = new List<RuleTransform> { new RuleTransform { Type = "url-rewrite", UrlRewriteConfig = new UrlRewriteConfig { Rewrites = new List<RewriteConfig> { new RewriteConfig { Regex = "^/(.*)$", Replace = "/maintenance" } } } } },
            };

            var rule = await new Elbv2Client(transport).CreateRuleAsync(request);

            Assert.Equal("CreateRule", transport.SingleCall.Action);
            Assert.Equal(new[]
            {
                "ListenerArn=" + ListenerArn,
                "Conditions.member.1.Field=path-pattern",
                "Conditions.member.1.PathPatternConfig.Values.member.1=/*",
                "Priority=1",
                "Actions.member.1.Type=fixed-response",
                "Actions.member.1.Order=1",
                "Actions.member.1.FixedResponseConfig.MessageBody=<h1>Down for maintenance</h1>",
                "Actions.member.1.FixedResponseConfig.StatusCode=503",
                "Actions.member.1.FixedResponseConfig.ContentType=text/html",
                "Tags.member.1.Key=maintenance:managed",
                "Tags.member.1.Value=true",
                "Tags.member.2.Key=owner",
                "Transforms.member.1.Type=url-rewrite",
                "Transforms.member.1.UrlRewriteConfig.Rewrites.member.1.Regex=^/(.*)$",
                "Transforms.member.1.UrlRewriteConfig.Rewrites.member.1.Replace=/maintenance",
            }, transport.SingleCall.Lines);
            Assert.Equal(RulePrefix + "9999999999999999", rule.RuleArn);
            Assert.Equal("1", rule.Priority);
            Assert.Equal("<h1>Down for maintenance</h1>", rule.Actions![0].FixedResponseConfig!.MessageBody);
        }

        [Fact]
        public async Task CreateRule_leaves_out_legacy_values_that_repeat_the_typed_config_but_keeps_distinct_ones()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("CreateRule"));
            var mirrored = new RuleCondition
            {
                Field = "host-header", Values = new List<string> { "www.example.com" }, RegexValues = new List<string> { "^x$" },
                HostHeaderConfig = new HostHeaderConditionConfig { Values = new List<string> { "www.example.com" }, RegexValues = new List<string> { "^x$" } },
            };
            var legacyOnly = new RuleCondition { Field = "path-pattern", Values = new List<string> { "/old/*" } };
            var request = new CreateRuleRequest
            {
                ListenerArn = ListenerArn, Priority = 5,
                Conditions = new List<RuleCondition> { mirrored, legacyOnly },
                Actions = new List<Action> { new Action { Type = "forward", TargetGroupArn = "tg" } },
            };

            await new Elbv2Client(transport).CreateRuleAsync(request);

            Assert.Equal(new[]
            {
                "ListenerArn=" + ListenerArn,
                "Conditions.member.1.Field=host-header",
                "Conditions.member.1.HostHeaderConfig.Values.member.1=www.example.com",
                "Conditions.member.1.HostHeaderConfig.RegexValues.member.1=^x$",
                "Conditions.member.2.Field=path-pattern",
                "Conditions.member.2.Values.member.1=/old/*",
                "Priority=5",
                "Actions.member.1.Type=forward",
                "Actions.member.1.TargetGroupArn=tg",
            }, transport.SingleCall.Lines);
            Assert.Equal(new[] { "www.example.com" }, mirrored.Values!);
        }

        [Fact]
        public async Task CreateRule_refuses_an_oidc_action_without_client_secret_before_calling()
        {
            var transport = new FakeQueryTransport();
            var request = new CreateRuleRequest
            {
                ListenerArn = ListenerArn, Priority = 5,
                Actions = new List<Action> { new Action { Type = "authenticate-oidc", AuthenticateOidcConfig = new AuthenticateOidcActionConfig { ClientId = "c" } } },
            };

            var error = await Assert.ThrowsAsync<ArgumentException>(() => new Elbv2Client(transport).CreateRuleAsync(request));

            Assert.Contains("ClientSecret", error.Message);
            Assert.Empty(transport.Calls);
        }

        [Fact]
        public async Task ModifyRule_keeps_the_stored_oidc_secret_and_sends_reset_transforms()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("ModifyRule"));
            var oidc = new AuthenticateOidcActionConfig { Issuer = "https://idp", ClientId = "c" };
            var request = new ModifyRuleRequest
            {
                RuleArn = RulePrefix + "4444444444444444",
                Actions = new List<Action>
                {
                    new Action { Type = "authenticate-oidc", Order = 1, AuthenticateOidcConfig = oidc },
                    new Action { Type = "forward", Order = 2, TargetGroupArn = "tg" },
                },
                ResetTransforms = true,
            };

            var rule = await new Elbv2Client(transport).ModifyRuleAsync(request);

            Assert.Equal("ModifyRule", transport.SingleCall.Action);
            Assert.Equal(new[]
            {
                "RuleArn=" + RulePrefix + "4444444444444444",
                "Actions.member.1.Type=authenticate-oidc",
                "Actions.member.1.AuthenticateOidcConfig.Issuer=https://idp",
                "Actions.member.1.AuthenticateOidcConfig.ClientId=c",
                "Actions.member.1.AuthenticateOidcConfig.UseExistingClientSecret=true",
                "Actions.member.1.Order=1",
                "Actions.member.2.Type=forward",
                "Actions.member.2.TargetGroupArn=tg",
                "Actions.member.2.Order=2",
                "ResetTransforms=true",
            }, transport.SingleCall.Lines);
            Assert.Null(oidc.UseExistingClientSecret);
            Assert.Equal("40", rule.Priority);
        }

        [Fact]
        public async Task ModifyRule_sends_a_given_client_secret_and_no_use_existing_flag()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("ModifyRule"));
            var request = new ModifyRuleRequest
            {
                RuleArn = "r",
                Actions = new List<Action> { new Action { Type = "authenticate-oidc", AuthenticateOidcConfig = new AuthenticateOidcActionConfig { ClientId = "c", ClientSecret = "new-secret" } } },
            };

            await new Elbv2Client(transport).ModifyRuleAsync(request);

            Assert.Equal("new-secret", transport.SingleCall["Actions.member.1.AuthenticateOidcConfig.ClientSecret"]);
            Assert.Null(transport.SingleCall["Actions.member.1.AuthenticateOidcConfig.UseExistingClientSecret"]);
        }

        [Fact]
        public async Task DeleteRule_sends_only_the_rule_arn()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("DeleteRule"));

            await new Elbv2Client(transport).DeleteRuleAsync(RulePrefix + "1");

            Assert.Equal("DeleteRule", transport.SingleCall.Action);
            Assert.Equal(new[] { "RuleArn=" + RulePrefix + "1" }, transport.SingleCall.Lines);
            await Assert.ThrowsAsync<ArgumentException>(() => new Elbv2Client(transport).DeleteRuleAsync(" "));
        }

        [Fact]
        public async Task SetRulePriorities_sends_pairs_and_returns_the_rules()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("SetRulePriorities"));

            var rules = await new Elbv2Client(transport).SetRulePrioritiesAsync(new[]
            {
                new RulePriorityPair { RuleArn = RulePrefix + "1111111111111111", Priority = 1010 },
                new RulePriorityPair { RuleArn = RulePrefix + "2222222222222222", Priority = 1020 },
            });

            Assert.Equal(new[]
            {
                "RulePriorities.member.1.RuleArn=" + RulePrefix + "1111111111111111",
                "RulePriorities.member.1.Priority=1010",
                "RulePriorities.member.2.RuleArn=" + RulePrefix + "2222222222222222",
                "RulePriorities.member.2.Priority=1020",
            }, transport.SingleCall.Lines);
            Assert.Equal(new[] { "1010", "1020" }, rules.Select(r => r.Priority));
        }

        [Fact]
        public async Task SetRulePriorities_with_no_pairs_makes_no_call()
        {
            var transport = new FakeQueryTransport();

            Assert.Empty(await new Elbv2Client(transport).SetRulePrioritiesAsync(new RulePriorityPair[0]));
            Assert.Empty(transport.Calls);
        }

        [Fact]
        public async Task ModifyListener_sends_default_actions_and_returns_the_listener()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("ModifyListener"));

            var listener = await new Elbv2Client(transport).ModifyListenerAsync(new ModifyListenerRequest
            {
                ListenerArn = ListenerArn,
                DefaultActions = new List<Action>
                {
                    new Action { Type = "fixed-response", Order = 1, FixedResponseConfig = new FixedResponseActionConfig { MessageBody = "<h1>Down for maintenance</h1>", StatusCode = "503", ContentType = "text/html" } },
                },
            });

            Assert.Equal("ModifyListener", transport.SingleCall.Action);
            Assert.Equal(new[]
            {
                "ListenerArn=" + ListenerArn,
                "DefaultActions.member.1.Type=fixed-response",
                "DefaultActions.member.1.Order=1",
                "DefaultActions.member.1.FixedResponseConfig.MessageBody=<h1>Down for maintenance</h1>",
                "DefaultActions.member.1.FixedResponseConfig.StatusCode=503",
                "DefaultActions.member.1.FixedResponseConfig.ContentType=text/html",
            }, transport.SingleCall.Lines);
            Assert.Equal(ListenerArn, listener.ListenerArn);
            Assert.True(listener.Certificates!.Single().IsDefault);
            Assert.Equal("503", listener.DefaultActions!.Single().FixedResponseConfig!.StatusCode);
        }

        [Fact]
        public async Task DescribeTags_splits_45_arns_into_calls_of_20_20_and_5_and_merges_the_answers()
        {
            var arns = Enumerable.Range(1, 45).Select(i => RulePrefix + i.ToString("D16")).ToList();
            var transport = new FakeQueryTransport((action, fields) => TagsFor(fields.Select(f => f.Value)));

            var tags = await new Elbv2Client(transport).DescribeTagsAsync(arns.Concat(arns.Take(3)));

            Assert.Equal(new[] { 20, 20, 5 }, transport.Calls.Select(c => c.Fields.Count));
            Assert.All(transport.Calls, c => Assert.Equal("DescribeTags", c.Action));
            Assert.Equal("ResourceArns.member.1=" + arns[20], transport.Calls[1].Lines[0]);
            Assert.Equal("ResourceArns.member.20=" + arns[39], transport.Calls[1].Lines[19]);
            Assert.Equal("ResourceArns.member.5=" + arns[44], transport.Calls[2].Lines[4]);
            Assert.Equal(45, tags.Count);
            Assert.Equal(arns[44], tags[arns[44]].Single().Value);
        }

        [Fact]
        public async Task DescribeTags_decodes_tags_and_empty_tag_lists()
        {
            var transport = new FakeQueryTransport(Elbv2Fixtures.Result("DescribeTags"));

            var tags = await new Elbv2Client(transport).DescribeTagsAsync(new[] { RulePrefix + "1111111111111111", RulePrefix + "2222222222222222" });

            Assert.Equal(new[] { "owner=platform-team", "maintenance:managed=" }, tags[RulePrefix + "1111111111111111"].Select(t => t.Key + "=" + t.Value));
            Assert.Empty(tags[RulePrefix + "2222222222222222"]);
        }

        [Fact]
        public async Task AddTags_and_RemoveTags_send_arns_then_tags_or_keys_in_batches_of_20()
        {
            var arns = Enumerable.Range(1, 21).Select(i => "arn-" + i).ToList();
            var transport = new FakeQueryTransport(
                Elbv2Fixtures.Result("AddTags"), Elbv2Fixtures.Result("AddTags"), Elbv2Fixtures.Result("RemoveTags"));
            var client = new Elbv2Client(transport);

            await client.AddTagsAsync(arns, new[] { new Tag { Key = "maintenance:snapshot", Value = "s3://bucket/key" } });
            await client.RemoveTagsAsync(arns.Take(2), new[] { "maintenance:snapshot", "maintenance:managed" });

            Assert.Equal(new[] { "AddTags", "AddTags", "RemoveTags" }, transport.Calls.Select(c => c.Action));
            Assert.Equal(22, transport.Calls[0].Fields.Count);
            Assert.Equal(new[] { "ResourceArns.member.1=arn-21", "Tags.member.1.Key=maintenance:snapshot", "Tags.member.1.Value=s3://bucket/key" }, transport.Calls[1].Lines);
            Assert.Equal(new[] { "ResourceArns.member.1=arn-1", "ResourceArns.member.2=arn-2", "TagKeys.member.1=maintenance:snapshot", "TagKeys.member.2=maintenance:managed" }, transport.Calls[2].Lines);
            await Assert.ThrowsAsync<ArgumentException>(() => client.AddTagsAsync(arns, new Tag[0]));
            await Assert.ThrowsAsync<ArgumentException>(() => client.RemoveTagsAsync(arns, new string[0]));
        }

        /// <summary>A DescribeTags answer giving each ARN one tag whose value is the ARN.</summary>
        private static XElement TagsFor(IEnumerable<string> arns)
        {
            XNamespace ns = Elbv2Fixtures.Namespace;
            return new XElement(ns + "DescribeTagsResult",
                new XElement(ns + "TagDescriptions", arns.Select(arn =>
                    new XElement(ns + "member",
                        new XElement(ns + "ResourceArn", arn),
                        new XElement(ns + "Tags", new XElement(ns + "member", new XElement(ns + "Key", "arn"), new XElement(ns + "Value", arn)))))));
        }
    }
}
