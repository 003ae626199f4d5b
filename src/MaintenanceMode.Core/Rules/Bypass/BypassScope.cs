using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using MaintenanceMode.Errors;
using MaintenanceMode.Routing;

namespace MaintenanceMode.Rules.Bypass
{
    /// <summary>
    /// Bypass requests that would make the maintenance meaningless, refused before anything is read:
    /// an allow-list that lets every address of a family through (the listener would report maintenance
    /// while every IPv4 or IPv6 visitor gets past the page), and an empty -AllowHeader table (it would
    /// silently allow nothing).
    /// </summary>
    public static class BypassScope
    {
        /// <summary>The error id and message for a bypass that must be refused, or null when it is fine.</summary>
        public static (string ErrorId, string Message)? Refusal(IReadOnlyList<CidrBlock> allowSourceIp, bool allowHeaderGivenEmpty)
        {
            if (allowHeaderGivenEmpty)
            {
                return (ErrorIds.AllowHeaderEmpty,
                    "-AllowHeader @{} names no header, so it would let no request through. To allow requests by header, name the header and its value: -AllowHeader @{ 'X-Bypass' = '<secret>' }. For no header bypass, leave -AllowHeader out. Nothing was changed.");
            }

            foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
            {
                var blocks = allowSourceIp.Where(c => c.Family == family).ToList();
                if (blocks.Count > 0 && CoversWholeFamily(blocks))
                {
                    var name = family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
                    var listed = string.Join(", ", blocks);
                    var what = blocks.Count == 1 ? listed : $"{listed} together";
                    return (ErrorIds.BypassAllowsEveryone,
                        $"-AllowSourceIp {what} lets every {name} address through, so no {name} visitor would see the page while the listener reports maintenance On. To show the page to everyone, leave -AllowSourceIp out; to let only your own machines through, name their addresses, for example 203.0.113.7/32 or your office's range. Nothing was changed.");
                }
            }

            return null;
        }

        /// <summary>True when the blocks (all of one family) leave no address of that family out.</summary>
        public static bool CoversWholeFamily(IReadOnlyList<CidrBlock> blocks)
        {
            var bits = blocks[0].AddressBits;
            var ranges = blocks.Select(b => Range(b)).OrderBy(r => r.Start).ToList();
            var next = BigInteger.Zero;
            foreach (var (start, end) in ranges)
            {
                if (start > next)
                {
                    return false;
                }

                next = BigInteger.Max(next, end + 1);
            }

            return next == BigInteger.One << bits;
        }

        private static (BigInteger Start, BigInteger End) Range(CidrBlock block)
        {
            var text = block.ToString();
            var bytes = IPAddress.Parse(text.Substring(0, text.IndexOf('/'))).GetAddressBytes();
            var start = new BigInteger(bytes.Reverse().Concat(new byte[] { 0 }).ToArray());
            var size = BigInteger.One << (block.AddressBits - block.PrefixLength);
            return (start, start + size - 1);
        }
    }
}
