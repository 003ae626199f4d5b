using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Xml.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Transport
{
    public class QueryTransportRetryTests
    {
        private static readonly KeyValuePair<string, string>[] NoParameters = new KeyValuePair<string, string>[0];

        public static IEnumerable<object[]> TransientFailures()
        {
            yield return new object[] { "HTTP 429", (Func<HttpResponseMessage>)(() => Responses.Status((HttpStatusCode)429)) };
            yield return new object[] { "HTTP 502", (Func<HttpResponseMessage>)(() => Responses.Status(HttpStatusCode.BadGateway)) };
            yield return new object[] { "HTTP 503", (Func<HttpResponseMessage>)(() => Responses.Status(HttpStatusCode.ServiceUnavailable)) };
            yield return new object[] { "HTTP 504", (Func<HttpResponseMessage>)(() => Responses.Status(HttpStatusCode.GatewayTimeout)) };
            yield return new object[] { "Throttling", (Func<HttpResponseMessage>)(() => Responses.Error(HttpStatusCode.BadRequest, "Throttling", message: "Rate exceeded")) };
            yield return new object[] { "PriorRequestNotComplete", (Func<HttpResponseMessage>)(() => Responses.Error((HttpStatusCode)429, "PriorRequestNotComplete")) };
            yield return new object[] { "RequestLimitExceeded", (Func<HttpResponseMessage>)(() => Responses.Error(HttpStatusCode.ServiceUnavailable, "RequestLimitExceeded")) };
            yield return new object[] { "InternalFailure", (Func<HttpResponseMessage>)(() => Responses.Error(HttpStatusCode.InternalServerError, "InternalFailure", "Receiver")) };
        }

        [Theory]
        [MemberData(nameof(TransientFailures))]
        public async Task A_transient_answer_is_retried_until_success(string name, Func<HttpResponseMessage> failure)
        {
            using var host = new TransportHost();
            host.Handler.Then(failure()).Then(Responses.Success("DescribeRules", "<NextMarker>ok</NextMarker>"));

            XElement result = await host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None);

            Assert.Equal("ok", result.Elements().Single().Value);
            Assert.Equal(2, host.Handler.Requests.Count);
            RetryNotice notice = Assert.Single(host.Notices);
            Assert.True(notice.Error.IsRetryable, name);
            Assert.Equal(1, notice.FailedAttempt);
        }

        public static IEnumerable<object[]> ConnectionFailures()
        {
            yield return new object[] { new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset))) };
            yield return new object[] { new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused)) };
            yield return new object[] { new IOException("The response ended prematurely.") };
            yield return new object[] { new SocketException((int)SocketError.HostUnreachable) };
        }

        [Theory]
        [MemberData(nameof(ConnectionFailures))]
        public async Task A_connection_error_is_retried_until_success(Exception failure)
        {
            using var host = new TransportHost();
            host.Handler.Then(failure).Then(Responses.Success("DescribeListeners", ""));

            await host.Transport.InvokeAsync("DescribeListeners", NoParameters, CancellationToken.None);

            Assert.Equal(2, host.Handler.Requests.Count);
            Assert.Equal(Elbv2ErrorCodes.ConnectionFailure, Assert.Single(host.Notices).Error.ErrorCode);
        }

        [Fact]
        public async Task A_timeout_that_is_not_the_callers_cancellation_is_retried()
        {
            using var host = new TransportHost();
            // What HttpClient throws when its own Timeout elapses.
            host.Handler.Then(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException()))
                .Then(Responses.Success("DescribeRules", ""));

            await host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None);

            Assert.Equal(2, host.Handler.Requests.Count);
            Assert.Equal(Elbv2ErrorCodes.Timeout, Assert.Single(host.Notices).Error.ErrorCode);
        }

        [Fact]
        public async Task An_attempt_that_outlives_the_attempt_timeout_is_abandoned_and_retried()
        {
            var policy = new RetryPolicy(maxAttempts: 2, attemptTimeout: TimeSpan.FromMilliseconds(50));
            using var host = new TransportHost(policy);
            // The first attempt never answers on its own; only the attempt timeout can end it.
            host.Handler.Then(async (_, token) => { await Task.Delay(Timeout.Infinite, token); throw new InvalidOperationException("unreachable"); })
                .Then(Responses.Success("DescribeRules", ""));

            await host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None);

            Assert.Equal(2, host.Handler.Requests.Count);
            Assert.Equal(Elbv2ErrorCodes.Timeout, Assert.Single(host.Notices).Error.ErrorCode);
        }

        [Fact]
        public async Task Gives_up_after_max_attempts_with_the_last_error()
        {
            using var host = new TransportHost(new RetryPolicy(maxAttempts: 3, baseDelay: TimeSpan.FromSeconds(1), timeBudget: TimeSpan.FromHours(1)));
            host.Handler
                .Then(Responses.Status(HttpStatusCode.ServiceUnavailable))
                .Then(Responses.Status(HttpStatusCode.BadGateway))
                .Then(Responses.Error(HttpStatusCode.BadRequest, "Throttling", message: "Rate exceeded", requestId: "last"));

            var error = await Assert.ThrowsAsync<Elbv2RetriesExhaustedException>(() => host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None));

            Assert.Equal(3, error.Attempts);
            Assert.Equal(3, host.Handler.Requests.Count);
            Assert.Equal("Throttling", error.ErrorCode);
            Assert.Equal("last", error.LastError.RequestId);
            Assert.Same(error.LastError, error.InnerException);
            Assert.Contains("gave up after 3 attempts", error.Message);
            Assert.Contains("Rate exceeded", error.Message);
            Assert.Equal(2, host.Notices.Count);
        }

        [Fact]
        public async Task Backoff_is_exponential_with_full_jitter_and_capped()
        {
            var policy = new RetryPolicy(maxAttempts: 6, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(5), timeBudget: TimeSpan.FromHours(1));
            using var host = new TransportHost(policy, jitter: 0.5);
            for (int i = 0; i < 5; i++) host.Handler.Then(Responses.Status(HttpStatusCode.ServiceUnavailable));
            host.Handler.Then(Responses.Success("DescribeRules", ""));

            await host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None);

            // Ceilings 1, 2, 4, 5 (capped), 5; half of each with jitter 0.5.
            Assert.Equal(new[] { 0.5, 1.0, 2.0, 2.5, 2.5 }, host.Clock.Delays.Select(d => d.TotalSeconds));
            Assert.Equal(host.Clock.Delays, host.Notices.Select(n => n.Delay));
        }

        [Fact]
        public async Task Stops_retrying_before_the_time_budget_is_exceeded()
        {
            var policy = new RetryPolicy(maxAttempts: 100, baseDelay: TimeSpan.FromSeconds(2), maxDelay: TimeSpan.FromSeconds(8), timeBudget: TimeSpan.FromSeconds(20));
            using var host = new TransportHost(policy, jitter: 0.999);
            for (int i = 0; i < 100; i++) host.Handler.Then(Responses.Status(HttpStatusCode.ServiceUnavailable));

            var error = await Assert.ThrowsAsync<Elbv2RetriesExhaustedException>(() => host.Transport.InvokeAsync("DescribeRules", NoParameters, CancellationToken.None));

            // ~2 + ~4 + ~8 = ~14 s waited; another ~8 s would pass 20 s, so it stops after 4 attempts.
            Assert.True(host.Clock.TotalDelay <= policy.TimeBudget, $"waited {host.Clock.TotalDelay}");
            Assert.Equal(4, error.Attempts);
            Assert.Equal(4, host.Handler.Requests.Count);
            Assert.Contains("time budget", error.Message);
        }

        [Fact]
        public async Task The_callers_cancellation_during_backoff_stops_waiting_at_once()
        {
            using var cts = new CancellationTokenSource();
            var options = new QueryTransportOptions
            {
                // The real delay: an hour of backoff that must not be waited out.
                RetryPolicy = new RetryPolicy(maxAttempts: 5, baseDelay: TimeSpan.FromHours(1), maxDelay: TimeSpan.FromHours(1), timeBudget: TimeSpan.FromDays(1)),
                NextRandom = () => 0.9,
                OnRetry = _ => cts.Cancel(),
            };
            var handler = new FakeHttpHandler().Then(Responses.Status(HttpStatusCode.ServiceUnavailable));
            using var transport = QueryTransport.Create(TransportHost.Endpoint, new Amazon.Runtime.BasicAWSCredentials("a", "b"), Amazon.RegionEndpoint.USEast1, options, handler);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.InvokeAsync("DescribeRules", NoParameters, cts.Token));

            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task The_callers_cancellation_during_a_request_is_not_mistaken_for_a_timeout()
        {
            using var cts = new CancellationTokenSource();
            using var host = new TransportHost();
            host.Handler.Then(async (_, token) => { cts.Cancel(); await Task.Delay(Timeout.Infinite, token); throw new InvalidOperationException("unreachable"); });

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Transport.InvokeAsync("DescribeRules", NoParameters, cts.Token));

            Assert.Equal(cts.Token, error.CancellationToken);
            Assert.Single(host.Handler.Requests);
            Assert.Empty(host.Notices);
        }

        [Fact]
        public async Task An_already_cancelled_token_sends_nothing()
        {
            using var host = new TransportHost();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Transport.InvokeAsync("DescribeRules", NoParameters, new CancellationToken(canceled: true)));

            Assert.Empty(host.Handler.Requests);
        }

        [Fact]
        public void A_retry_notice_reads_as_one_line_for_verbose_output()
        {
            var error = new Elbv2Exception("Throttling", "m", "DescribeRules", Elbv2ErrorType.Sender, HttpStatusCode.BadRequest, isRetryable: true);

            var notice = new RetryNotice("DescribeRules", 1, 5, TimeSpan.FromMilliseconds(800), error);

            Assert.Equal("DescribeRules: Throttling (HTTP 400); retrying in 0.8 s (attempt 2 of 5)", notice.ToString());
        }
    }
}
