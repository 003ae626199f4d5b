using System.Net;
using System.Net.Http;
using System.Text;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Transport
{
    public class QueryTransportErrorTests
    {
        private static readonly KeyValuePair<string, string>[] NoParameters = new KeyValuePair<string, string>[0];

        [Fact]
        public async Task An_XML_error_becomes_an_Elbv2Exception_with_code_type_status_and_request_id()
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Error(HttpStatusCode.BadRequest, "PriorityInUse", "Sender", "Priority '10' is currently in use", "6a3c1b2e"));

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("CreateRule", NoParameters, CancellationToken.None));

            Assert.Equal("PriorityInUse", error.ErrorCode);
            Assert.Equal(Elbv2ErrorType.Sender, error.ErrorType);
            Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
            Assert.Equal("6a3c1b2e", error.RequestId);
            Assert.Equal("CreateRule", error.Action);
            Assert.Equal("Priority '10' is currently in use", error.ServiceMessage);
            Assert.False(error.IsRetryable);
            Assert.Contains("CreateRule failed: PriorityInUse (HTTP 400): Priority '10' is currently in use.", error.Message);
            Assert.Contains("choose a free priority", error.Message);
        }

        [Theory]
        [InlineData("PriorityInUse")]
        [InlineData("RuleNotFound")]
        [InlineData("AccessDenied")]
        [InlineData("ValidationError")]
        [InlineData("TooManyRules")]
        public async Task A_non_retryable_error_fails_at_once(string code)
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Error(HttpStatusCode.BadRequest, code));

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("ModifyRule", NoParameters, CancellationToken.None));

            Assert.IsNotType<Elbv2RetriesExhaustedException>(error);
            Assert.Equal(code, error.ErrorCode);
            Assert.Single(host.Handler.Requests);
            Assert.Empty(host.Clock.Delays);
        }

        [Fact]
        public async Task AccessDenied_names_the_missing_IAM_permission()
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Error(HttpStatusCode.Forbidden, "AccessDenied", message: "User: arn:aws:iam::1:user/ci is not authorized"));

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("SetRulePriorities", NoParameters, CancellationToken.None));

            Assert.Equal("AccessDenied", error.ErrorCode);
            Assert.Contains("elasticloadbalancing:SetRulePriorities", error.Message);
        }

        [Fact]
        public async Task An_EC2_style_error_is_read_too_and_the_Exception_suffix_is_dropped()
        {
            using var host = new TransportHost(serviceName: "ec2");
            host.Handler.Then(Responses.Xml(HttpStatusCode.BadRequest,
                "<Response><Errors><Error><Code>InvalidVpcID.NotFoundException</Code><Message>The vpc ID 'vpc-1' does not exist</Message></Error></Errors>"
                + "<RequestID>ec2-req</RequestID></Response>"));

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("CreateSubnet", NoParameters, CancellationToken.None));

            Assert.Equal("InvalidVpcID.NotFound", error.ErrorCode);
            Assert.Equal(Elbv2ErrorType.Sender, error.ErrorType); // no <Type>: inferred from the 4xx status
            Assert.Equal("ec2-req", error.RequestId);
        }

        [Fact]
        public async Task An_HTML_500_becomes_a_clear_Elbv2Exception_not_an_XmlException()
        {
            using var host = new TransportHost(RetryPolicy.NoRetries);
            host.Handler.Then(Responses.Html500());

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("DeleteRule", NoParameters, CancellationToken.None));

            Assert.Equal(Elbv2ErrorCodes.UnexpectedResponse, error.ErrorCode);
            Assert.Equal(HttpStatusCode.InternalServerError, error.HttpStatusCode);
            Assert.True(error.IsRetryable);
            Assert.Contains("HTTP 500", error.Message);
            Assert.Contains("Internal Server Error", error.Message);
            Assert.DoesNotContain("<", error.Message); // tags stripped from the excerpt
        }

        [Fact]
        public async Task An_HTML_500_that_keeps_coming_is_retried_then_reported_with_the_attempt_count()
        {
            using var host = new TransportHost(new RetryPolicy(maxAttempts: 2));
            host.Handler.Then(Responses.Html500()).Then(Responses.Html500());

            var error = await Assert.ThrowsAsync<Elbv2RetriesExhaustedException>(() => host.Transport.InvokeAsync("DeleteRule", NoParameters, CancellationToken.None));

            Assert.Equal(2, error.Attempts);
            Assert.Equal(Elbv2ErrorCodes.UnexpectedResponse, error.LastError.ErrorCode);
            Assert.Contains("Internal Server Error", error.Message);
        }

        [Fact]
        public async Task An_error_with_an_empty_body_says_so()
        {
            using var host = new TransportHost();
            host.Handler.Then(Responses.Status(HttpStatusCode.Forbidden));

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None));

            Assert.Equal(Elbv2ErrorCodes.UnexpectedResponse, error.ErrorCode);
            Assert.Equal(HttpStatusCode.Forbidden, error.HttpStatusCode);
            Assert.Contains("empty body", error.Message);
            Assert.Single(host.Handler.Requests);
        }

        [Fact]
        public async Task A_long_non_XML_error_body_is_cut_to_a_short_excerpt()
        {
            using var host = new TransportHost();
            host.Handler.Then(new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("oops " + new string('x', 5000)) });

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None));

            Assert.Contains("\"oops xxx", error.Message);
            Assert.True(error.Message.Length < 600, error.Message);
        }

        [Fact]
        public async Task A_success_status_with_a_body_that_is_not_XML_is_not_retried()
        {
            using var host = new TransportHost();
            host.Handler.Then(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html><body>proxy login</body></html", Encoding.UTF8, "text/html") });

            var error = await Assert.ThrowsAsync<Elbv2Exception>(() => host.Transport.InvokeAsync("CreateRule", NoParameters, CancellationToken.None));

            Assert.Equal(Elbv2ErrorCodes.UnexpectedResponse, error.ErrorCode);
            Assert.False(error.IsRetryable);
            Assert.Single(host.Handler.Requests);
        }
    }
}
