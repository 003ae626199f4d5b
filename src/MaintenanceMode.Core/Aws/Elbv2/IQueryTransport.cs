using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Sends one ELBv2 Query-protocol action and returns its result element.
    /// Signing, retries and error decoding live behind this seam, so the typed client
    /// (encoding requests, decoding results) can be tested without HTTP.
    /// </summary>
    public interface IQueryTransport
    {
        /// <param name="action">The API action, for example <c>DescribeRules</c>.</param>
        /// <param name="parameters">Form fields other than <c>Action</c> and <c>Version</c>, in order.</param>
        /// <returns>The <c>{Action}Result</c> element of the response (an empty element when the response has none).</returns>
        /// <exception cref="Elbv2Exception">The service answered with an error, or retries ran out.</exception>
        Task<XElement> InvokeAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken);
    }
}
