using System.Net.Http;
using System.Text;
using System.Xml.Linq;

namespace MaintenanceMode.Tests.Transport
{
    public class QueryTransportRequestTests
    {
        private static readonly XNamespace Ns = Responses.Elbv2Namespace;

        [Fact]
        public async Task Sends_a_form_POST_to_the_endpoint_root_with_exact_body_bytes()
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Success("CreateRule", ""));

            await host.Transport.InvokeAsync("CreateRule", new[]
            {
                Pair("ListenerArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"),
                Pair("Conditions.member.1.Values.member.1", "/maintenance page/*"),
                Pair("Actions.member.1.FixedResponseConfig.MessageBody", "<p>Back soon & \"fine\" = 100%</p> ✓"),
            }, CancellationToken.None);

            RecordedRequest request = Assert.Single(host.Handler.Requests);
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("https://127.0.0.1:8443/", request.Uri!.ToString());
            Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.ContentType);
            byte[] expected = Encoding.ASCII.GetBytes(
                "Action=CreateRule&Version=2015-12-01"
                + "&ListenerArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Alistener%2Fapp%2Fweb%2F50dc6c495c0c9188%2Ff2f7dc8efc522ab2"
                + "&Conditions.member.1.Values.member.1=%2Fmaintenance%20page%2F%2A"
                + "&Actions.member.1.FixedResponseConfig.MessageBody=%3Cp%3EBack%20soon%20%26%20%22fine%22%20%3D%20100%25%3C%2Fp%3E%20%E2%9C%93");
            Assert.Equal(expected, request.Body);
        }

        [Theory]
        [InlineData("elasticloadbalancing")]
        [InlineData("ec2")]
        public async Task Signs_with_SigV4_and_the_configured_service_in_the_credential_scope(string service)
        {
            using var host = new TransportHost(serviceName: service);
            host.Handler.Then(Responses.Success("DescribeLoadBalancers", ""));

            await host.Transport.InvokeAsync("DescribeLoadBalancers", new List<KeyValuePair<string, string>>(), CancellationToken.None);

            string authorization = host.Handler.Requests.Single().Headers["Authorization"];
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization);
            Assert.Contains($"/us-east-1/{service}/aws4_request", authorization);
            Assert.Contains("SignedHeaders=", authorization);
            Assert.Contains("Signature=", authorization);
        }

        [Fact]
        public async Task Success_returns_the_action_result_element_whatever_the_namespace()
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Success("DescribeRules",
                "<Rules><member><RuleArn>arn:rule/1</RuleArn><Priority>default</Priority></member></Rules><NextMarker>m2</NextMarker>"));

            XElement result = await host.Transport.InvokeAsync("DescribeRules", new[] { Pair("ListenerArn", "arn:l") }, CancellationToken.None);

            Assert.Equal("DescribeRulesResult", result.Name.LocalName);
            Assert.Equal("m2", (string?)result.Element(Ns + "NextMarker"));
            Assert.Equal("default", (string?)result.Descendants(Ns + "Priority").Single());
        }

        [Fact]
        public async Task Success_without_a_result_element_returns_an_empty_result_element()
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Xml(System.Net.HttpStatusCode.OK,
                $"<DeleteRuleResponse xmlns=\"{Responses.Elbv2Namespace}\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRuleResponse>"));

            XElement result = await host.Transport.InvokeAsync("DeleteRule", new[] { Pair("RuleArn", "arn:r") }, CancellationToken.None);

            Assert.Equal("DeleteRuleResult", result.Name.LocalName);
            Assert.False(result.HasElements);
        }

        [Fact]
        public async Task InvokeForResponseAsync_returns_the_whole_response_for_EC2_style_answers()
        {
            using var host = new TransportHost(serviceName: "ec2", apiVersion: "2016-11-15");
            host.Handler.Then(Responses.Xml(System.Net.HttpStatusCode.OK,
                "<CreateVpcResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><vpc><vpcId>vpc-1</vpcId></vpc></CreateVpcResponse>"));

            XElement response = await host.Transport.InvokeForResponseAsync("CreateVpc", new[] { Pair("CidrBlock", "10.0.0.0/16") }, CancellationToken.None);

            Assert.Equal("vpc-1", response.Descendants().Single(e => e.Name.LocalName == "vpcId").Value);
            Assert.StartsWith("Action=CreateVpc&Version=2016-11-15&", host.Handler.Requests.Single().BodyText);
        }

        [Fact]
        public async Task A_retried_request_is_sent_again_with_the_same_body_and_a_fresh_signature()
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Status(System.Net.HttpStatusCode.ServiceUnavailable)).Then(Responses.Success("DescribeRules", ""));

            await host.Transport.InvokeAsync("DescribeRules", new[] { Pair("ListenerArn", "arn:l a") }, CancellationToken.None);

            Assert.Equal(2, host.Handler.Requests.Count);
            Assert.Equal(host.Handler.Requests[0].Body, host.Handler.Requests[1].Body);
            Assert.All(host.Handler.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256", r.Headers["Authorization"]));
        }

        private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
    }
}
