using System.Linq;
using System.Text;
using MaintenanceMode.Routing;
using MaintenanceMode.Listeners;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Preview
{
    /// <summary>
    /// Answers a request as the listener would, from its rules: a fixed response with its status, type and body;
    /// a redirect with its status and Location; a forward, which has no target here, as a short text/plain 200
    /// naming the target groups that would get the request. Pure, so the answers are tested without a socket.
    /// </summary>
    /// <remarks>
    /// Every answer carries X-Preview-Rule (the priority, or "default") and, for the module's rules,
    /// X-Preview-Role ("maintenance" or "bypass"): ALB sends neither, but they say why this answer came.
    /// </remarks>
    public static class PreviewResponder
    {
        public const string RuleHeader = "X-Preview-Rule";
        public const string RoleHeader = "X-Preview-Role";

        public static PreviewResponse Respond(ListenerState state, IncomingRequest request)
        {
            var route = RouteResolver.Resolve(state, request);
            var response = ResponseFor(route, request);
            response.WithHeader(RuleHeader, route.Priority);
            if (route.Role != null)
            {
                response.WithHeader(RoleHeader, route.Role);
            }

            return response;
        }

        /// <summary>The listener could not be read: a 502, as ALB gives when it cannot reach anything to answer.</summary>
        public static PreviewResponse Failure(string message) =>
            new PreviewResponse(502, WithCharset(PageContentType.PlainText), "The preview could not read the listener's rules: " + message + "\n");

        private static PreviewResponse ResponseFor(ListenerRoute route, IncomingRequest request)
        {
            // ALB runs the actions in order; the last one (after any authenticate or jwt-validation) answers.
            var last = route.Actions.LastOrDefault();
            if (last?.FixedResponseConfig != null && last.Type == "fixed-response")
            {
                var config = last.FixedResponseConfig;
                var status = int.TryParse(config.StatusCode, out var code) ? code : 200;
                return new PreviewResponse(status, WithCharset(config.ContentType ?? PageContentType.PlainText), config.MessageBody ?? string.Empty);
            }

            if (last?.RedirectConfig != null && last.Type == "redirect")
            {
                return new PreviewResponse(RedirectLocation.StatusOf(last.RedirectConfig), WithCharset(PageContentType.PlainText), string.Empty)
                    .WithHeader("Location", route.RedirectLocation ?? RedirectLocation.Build(last.RedirectConfig, request));
            }

            var body = new StringBuilder();
            if (last?.Type == "forward")
            {
                var groups = ActionSummary.TargetGroups(last);
                var names = string.Join(", ", groups.Select(g => g.Weight.HasValue && groups.Count > 1 ? $"{g.Name} (weight {g.Weight})" : g.Name));
                body.Append(groups.Count == 1 ? "forward: target group " : "forward: target groups ").Append(names).Append(" would get this request.\n");
            }
            else
            {
                body.Append("This request would be handled by: ").Append(route.Action).Append('\n');
            }

            body.Append("rule: ").Append(route.Priority).Append(route.RuleArn == null ? string.Empty : " " + route.RuleArn).Append('\n');
            body.Append("actions: ").Append(route.Action).Append('\n');
            return new PreviewResponse(200, WithCharset(PageContentType.PlainText), body.ToString());
        }

        private static string WithCharset(string contentType) => contentType + "; charset=utf-8";
    }
}
