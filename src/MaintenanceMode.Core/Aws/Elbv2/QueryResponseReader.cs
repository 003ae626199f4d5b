using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Reads Query-protocol response bodies by element local name, so namespaces and layout
    /// (ELBv2's ErrorResponse/Error, EC2's Response/Errors/Error) do not matter.
    /// </summary>
    internal static class QueryResponseReader
    {
        private static readonly XmlReaderSettings SafeSettings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
        };

        /// <summary>Parses a body as XML; null when it is empty or not XML (an HTML error page, say).</summary>
        public static XElement? TryParse(string? body, out XmlException? error)
        {
            error = null;
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                using var reader = XmlReader.Create(new StringReader(body!), SafeSettings);
                return XDocument.Load(reader).Root;
            }
            catch (XmlException e)
            {
                error = e;
                return null;
            }
        }

        /// <summary>The <c>{Action}Result</c> element, or an empty one when the response has none.</summary>
        public static XElement FindResult(XElement root, string action)
        {
            string name = action + "Result";
            return root.LocalName() == name
                ? root
                : root.Descendants().FirstOrDefault(e => e.LocalName() == name) ?? new XElement(name);
        }

        /// <summary>Turns a non-success response into an exception; never throws XmlException.</summary>
        public static Elbv2Exception ReadError(string action, string serviceName, Uri endpoint, HttpStatusCode status, string? body)
        {
            XElement? root = TryParse(body, out XmlException? parseError);
            XElement? error = root == null ? null
                : root.LocalName() == "Error" ? root
                : root.Descendants().FirstOrDefault(e => e.LocalName() == "Error");
            string? code = Child(error, "Code");
            if (root == null || error == null || string.IsNullOrWhiteSpace(code))
                return Elbv2ExceptionFactory.UnexpectedResponse(action, serviceName, endpoint, status, body, parseError);

            // ELBv2 says RequestId, EC2 says RequestID.
            string? requestId = root.DescendantsAndSelf()
                .FirstOrDefault(e => string.Equals(e.LocalName(), "RequestId", StringComparison.OrdinalIgnoreCase))?.Value.Trim();
            return Elbv2ExceptionFactory.ServiceError(action, serviceName, status, code!, Child(error, "Type"), Child(error, "Message"), requestId);
        }

        private static string? Child(XElement? parent, string localName) =>
            parent?.Elements().FirstOrDefault(e => e.LocalName() == localName)?.Value;

        private static string LocalName(this XElement element) => element.Name.LocalName;
    }
}
