using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using MaintenanceMode.Routing;
using MaintenanceMode.Listeners;
using MaintenanceMode.Records;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// Who gets the page and who gets through, for a few telling requests: a visitor, each allowed
    /// source, header, path and host, an API client. -WhatIf shows them for the state a plan would leave;
    /// Get-MaintenanceStatus for the state now. Header values never appear, only their names.
    /// </summary>
    public static class SampleRoutes
    {
        /// <summary>A documentation address (RFC 5737) standing for any visitor on the internet.</summary>
        public static readonly IPAddress Visitor = IPAddress.Parse("192.0.2.1");

        /// <param name="record">Without settings: the maintenance record, whose allowances say what to sample.</param>
        public static IReadOnlyList<string> Describe(ListenerState state, MaintenanceSettings? settings, MaintenanceRecord? record = null)
        {
            return Requests(state, settings, record).Select(r => Line(RouteResolver.Resolve(state, r))).ToList();
        }

        /// <summary>The sample requests: from the settings when known, else from the record, else from the module's own rules.</summary>
        public static IReadOnlyList<IncomingRequest> Requests(ListenerState state, MaintenanceSettings? settings, MaintenanceRecord? record = null)
        {
            var scheme = state.Listener.Protocol == "HTTPS" ? "https" : "http";
            var host = string.IsNullOrEmpty(state.LoadBalancer.DNSName) ? "example.com" : state.LoadBalancer.DNSName!;
            var port = state.Listener.Port ?? (scheme == "https" ? 443 : 80);
            Uri At(string path) => new Uri($"{scheme}://{host}:{port}{path}");

            var requests = new List<IncomingRequest> { IncomingRequest.FromUri(At("/"), "GET", Visitor) };
            // A bypass copy keeps its rule's own source-ip condition, so the rules alone can suggest sources
            // that were never allowed: the record says which were.
            var sources = settings?.AllowSourceIp.ToList() ?? RecordedSources(record) ?? SourcesOf(state);
            foreach (var cidr in sources.Take(3))
            {
                requests.Add(IncomingRequest.FromUri(At("/"), "GET", FirstAddress(cidr)));
            }

            foreach (var header in settings?.AllowHeaders ?? new List<HeaderMatch>())
            {
                requests.Add(IncomingRequest.FromUri(At("/"), "GET", Visitor, new[] { new KeyValuePair<string, string>(header.Name, header.Value.Replace("*", "x").Replace("?", "x")) }));
            }

            foreach (var path in (settings?.AllowPaths ?? record?.AllowPath ?? new List<string>()).Take(3))
            {
                requests.Add(IncomingRequest.FromUri(At(Instance(path)), "GET", Visitor));
            }

            foreach (var allowedHost in (settings?.AllowHosts ?? record?.AllowHost ?? new List<string>()).Take(3))
            {
                requests.Add(IncomingRequest.FromUri(new Uri($"{scheme}://{Instance(allowedHost)}:{port}/"), "GET", Visitor));
            }

            var api = settings?.ApiPathPatterns.FirstOrDefault();
            if (api != null)
            {
                requests.Add(IncomingRequest.FromUri(At(api.Replace("*", "x").Replace("?", "x")), "GET", Visitor));
            }

            return requests;
        }

        /// <summary>A value the pattern matches: each wildcard stands for one letter.</summary>
        private static string Instance(string pattern) => pattern.Replace("*", "x").Replace("?", "x");

        private static string Line(ListenerRoute route)
        {
            var who = route.Role == ModuleTags.MaintenanceRole ? "gets the page"
                : route.Role == ModuleTags.ApiRole ? "gets the JSON answer"
                : route.Role == ModuleTags.BypassRole ? "gets through (a bypass copy)"
                : "gets through";
            return $"{route.Request} {who}: {route.Action}";
        }

        private static List<CidrBlock>? RecordedSources(MaintenanceRecord? record) =>
            record?.AllowSourceIp.Select(v => CidrBlock.TryParse(v, out var block, out _) ? block : null).Where(b => b != null).Select(b => b!).ToList();

        private static List<CidrBlock> SourcesOf(ListenerState state) =>
            state.BypassRules
                .SelectMany(r => r.Conditions ?? new List<Aws.Elbv2.RuleCondition>())
                .Where(c => c.Field == RuleConditions.SourceIp)
                .SelectMany(RuleConditions.SourceIpValues)
                .Select(v => CidrBlock.TryParse(v, out var block, out _) ? block : null)
                .Where(b => b != null)
                .Select(b => b!)
                .Distinct()
                .ToList();

        /// <summary>An address inside the block: the network itself for a host route, else the first host.</summary>
        private static IPAddress FirstAddress(CidrBlock block)
        {
            var text = block.ToString();
            var address = IPAddress.Parse(text.Substring(0, text.IndexOf('/')));
            if (block.PrefixLength >= block.AddressBits - 1)
            {
                return address;
            }

            var bytes = address.GetAddressBytes();
            bytes[bytes.Length - 1] |= 1;
            return new IPAddress(bytes);
        }
    }
}
