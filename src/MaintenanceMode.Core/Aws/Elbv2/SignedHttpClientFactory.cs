using System;
using System.Net.Http;
using System.Threading;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Builds an HttpClient that signs every request with SigV4, through AWSSDK.Core's public handler.</summary>
    public static class SignedHttpClientFactory
    {
        /// <param name="serviceName">The signing name in the credential scope: <c>elasticloadbalancing</c>, <c>ec2</c>.</param>
        /// <param name="innerHandler">Sends the signed request; a fake in tests. The client owns and disposes it.</param>
        public static HttpClient Create(AWSCredentials credentials, RegionEndpoint region, string serviceName, HttpMessageHandler? innerHandler = null)
        {
            if (credentials == null) throw new ArgumentNullException(nameof(credentials));
            if (region == null) throw new ArgumentNullException(nameof(region));
            if (string.IsNullOrEmpty(serviceName)) throw new ArgumentException("A signing service name is required.", nameof(serviceName));

            var signer = new SigV4SigningHandler(credentials, region, serviceName, innerHandler ?? NoRedirectHandler());
            // The transport times each attempt itself (RetryPolicy.AttemptTimeout), so HttpClient's own
            // 100 s timeout would only get in the way.
            // HttpClient buffers each answer before the transport reads it: the buffer is bounded as the read is.
            return new HttpClient(signer, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = QueryTransport.MaxResponseBytes };
        }

        /// <summary>
        /// Sends as HttpClientHandler does but never follows a redirect: a followed 307 would resend the signed
        /// body (bypass secrets included) and the session token to whatever host the Location names. AWS's Query
        /// APIs never redirect, so a 3xx is answered as the error it is.
        /// </summary>
        public static HttpClientHandler NoRedirectHandler() => new HttpClientHandler { AllowAutoRedirect = false };
    }
}
