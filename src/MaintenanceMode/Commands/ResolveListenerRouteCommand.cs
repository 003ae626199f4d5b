using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using MaintenanceMode.Errors;
using MaintenanceMode.Routing;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows which rule of a listener answers a request, and with what, as the listener is now.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "ListenerRoute", DefaultParameterSetName = ByListenerArn)]
    // By name: a typeof() here would load the core before ModuleInit can isolate it.
    [OutputType("MaintenanceMode.Routing.ListenerRoute")]
    public sealed class ResolveListenerRouteCommand : MaintenanceTargetCmdlet
    {
        /// <summary>Stands for "a client on the internet" when -SourceIp is not given (RFC 5737 documentation range).</summary>
        private const string DefaultSourceIp = "192.0.2.1";

        private readonly List<KeyValuePair<string, string>> _headers = new List<KeyValuePair<string, string>>();
        private IPAddress? _sourceIp;

        #region Parameters

        /// <summary>The request's URL: https://host/path?query. The scheme and port are what #{protocol} and #{port} of a redirect repeat.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public Uri Uri { get; set; } = null!;

        /// <summary>The HTTP method. Default GET.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Method { get; set; } = "GET";

        /// <summary>Request headers, name = value (an array of values repeats the header). Values are never written out.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Header { get; set; }

        /// <summary>The client address that source-ip conditions see. Default 192.0.2.1, an address no private range holds.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SourceIp { get; set; }

        #endregion

        protected override void BeginProcessing()
        {
            if (!Uri.IsAbsoluteUri || (Uri.Scheme != Uri.UriSchemeHttp && Uri.Scheme != Uri.UriSchemeHttps))
            {
                Fail(ErrorIds.InvalidUri, $"-Uri '{Uri}' must be an absolute http:// or https:// URL, such as https://shop.example.com/cart?id=1.", Uri);
            }

            if (!IPAddress.TryParse(SourceIp ?? DefaultSourceIp, out _sourceIp))
            {
                Fail(ErrorIds.InvalidSourceIp, $"-SourceIp '{SourceIp}' is not an IPv4 or IPv6 address.", SourceIp);
            }

            if (Header != null)
            {
                foreach (DictionaryEntry entry in Header)
                {
                    var name = entry.Key?.ToString() ?? string.Empty;
                    if (name.Length == 0)
                    {
                        Fail(ErrorIds.InvalidHeaderName, "-Header: a header name is empty.", null);
                    }

                    foreach (var value in Values(entry.Value))
                    {
                        AddSecret(value); // matched, never printed: a header may carry a bypass secret
                        _headers.Add(new KeyValuePair<string, string>(name, value));
                    }
                }
            }

            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            var request = IncomingRequest.FromUri(Uri, Method, _sourceIp!, _headers);
            var resolver = new RouteResolver(Context.Elb);
            ForEachListener(target =>
            {
                WriteVerbose(Mask($"Resolving {request.Describe()} on {target}"));
                WriteObject(RunOnPipelineThread(ct => resolver.ResolveAsync(target, request, ct)));
            });
        }

        private static IEnumerable<string> Values(object? value)
        {
            var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (bare is IEnumerable list && !(bare is string))
            {
                foreach (var item in list)
                {
                    yield return item?.ToString() ?? string.Empty;
                }
            }
            else
            {
                yield return bare?.ToString() ?? string.Empty;
            }
        }

    }
}
