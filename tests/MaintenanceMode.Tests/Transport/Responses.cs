using System.Net;
using System.Net.Http;
using System.Text;

namespace MaintenanceMode.Tests.Transport
{
    /// <summary>Canned HTTP answers in the shapes AWS and moto send.</summary>
    internal static class Responses
    {
        public const string Elbv2Namespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

        public static HttpResponseMessage Xml(HttpStatusCode status, string xml) =>
            new(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

        public static HttpResponseMessage Success(string action, string resultInnerXml, string requestId = "req-ok") =>
            Xml(HttpStatusCode.OK,
                $"<{action}Response xmlns=\"{Elbv2Namespace}\"><{action}Result>{resultInnerXml}</{action}Result>"
                + $"<ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></{action}Response>");

        public static HttpResponseMessage Error(HttpStatusCode status, string code, string type = "Sender", string message = "message", string requestId = "req-err") =>
            Xml(status,
                $"<ErrorResponse xmlns=\"{Elbv2Namespace}\"><Error><Type>{type}</Type><Code>{code}</Code>"
                + $"<Message>{message}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>");

        public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent("") };

        // What moto's werkzeug server sends when a handler raises.
        public static HttpResponseMessage Html500() =>
            new(HttpStatusCode.InternalServerError)
            {
                Content = new StringContent(
                    "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n"
                    + "<p>The server encountered an internal error and was unable to complete your request.</p>\n",
                    Encoding.UTF8, "text/html"),
            };
    }
}
