using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MaintenanceMode.Routing
{
    /// <summary>
    /// An IPv4 or IPv6 CIDR block as ALB's source-ip condition takes it. Two blocks either nest or are
    /// disjoint, which is what makes intersecting allow-lists with a rule's own source-ip exact.
    /// </summary>
    public sealed class CidrBlock : IEquatable<CidrBlock>
    {
        private readonly byte[] _network;

        private CidrBlock(byte[] network, int prefixLength, AddressFamily family)
        {
            _network = network;
            PrefixLength = prefixLength;
            Family = family;
        }

        public int PrefixLength { get; }

        public AddressFamily Family { get; }

        public int AddressBits => _network.Length * 8;

        /// <summary>Parses "a.b.c.d/n" or "x::y/n"; a bare address is a single host (/32 or /128).</summary>
        /// <exception cref="FormatException">Not a CIDR block, or host bits set below the prefix.</exception>
        public static CidrBlock Parse(string text)
        {
            if (!TryParse(text, out var block, out var problem))
            {
                throw new FormatException(problem);
            }

            return block!;
        }

        public static bool TryParse(string? text, out CidrBlock? block, out string problem)
        {
            block = null;
            problem = string.Empty;
            var value = (text ?? string.Empty).Trim();
            var slash = value.IndexOf('/');
            var addressText = slash < 0 ? value : value.Substring(0, slash);
            if (!IPAddress.TryParse(addressText, out var address) || addressText.Length == 0)
            {
                problem = $"'{text}' is not a CIDR block. Use the form 203.0.113.7/32 or 2001:db8::/64.";
                return false;
            }

            var bytes = address.GetAddressBytes();
            var bits = bytes.Length * 8;
            var prefix = bits;
            if (slash >= 0 && (!int.TryParse(value.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
            {
                problem = $"'{text}' has an invalid prefix length; it must be 0 to {bits}.";
                return false;
            }

            var masked = Mask(bytes, prefix);
            if (!SameBytes(masked, bytes))
            {
                // ALB rejects host bits below the prefix; say which network was probably meant.
                problem = $"'{text}' has host bits set; did you mean {new IPAddress(masked)}/{prefix}?";
                return false;
            }

            block = new CidrBlock(masked, prefix, address.AddressFamily);
            return true;
        }

        public bool Contains(IPAddress address)
        {
            var bytes = address.GetAddressBytes();
            if (bytes.Length != _network.Length)
            {
                if (address.IsIPv4MappedToIPv6 && _network.Length == 4)
                {
                    bytes = address.MapToIPv4().GetAddressBytes();
                }
                else
                {
                    return false;
                }
            }

            return SameBytes(Mask(bytes, PrefixLength), _network);
        }

        /// <summary>True when every address of <paramref name="other"/> is in this block.</summary>
        public bool Contains(CidrBlock other) =>
            other.Family == Family && other.PrefixLength >= PrefixLength && SameBytes(Mask(other._network, PrefixLength), _network);

        /// <summary>The common part of two blocks: the smaller one when they nest, else none.</summary>
        public CidrBlock? Intersect(CidrBlock other)
        {
            if (Contains(other))
            {
                return other;
            }

            return other.Contains(this) ? this : null;
        }

        /// <summary>
        /// The addresses in both lists, as the fewest blocks from either list (no block contained in
        /// another is repeated). Empty when no address is in both.
        /// </summary>
        public static IReadOnlyList<CidrBlock> Intersect(IEnumerable<CidrBlock> left, IEnumerable<CidrBlock> right)
        {
            var result = new List<CidrBlock>();
            var rightList = new List<CidrBlock>(right);
            foreach (var a in left)
            {
                foreach (var b in rightList)
                {
                    var common = a.Intersect(b);
                    if (common != null)
                    {
                        AddUnlessCovered(result, common);
                    }
                }
            }

            return result;
        }

        private static void AddUnlessCovered(List<CidrBlock> blocks, CidrBlock candidate)
        {
            foreach (var existing in blocks)
            {
                if (existing.Contains(candidate))
                {
                    return;
                }
            }

            blocks.RemoveAll(candidate.Contains);
            blocks.Add(candidate);
        }

        private static byte[] Mask(byte[] bytes, int prefix)
        {
            var result = new byte[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                var bitsHere = Math.Max(0, Math.Min(8, prefix - (i * 8)));
                var mask = bitsHere == 0 ? 0 : (byte)(0xFF << (8 - bitsHere));
                result[i] = (byte)(bytes[i] & mask);
            }

            return result;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        public bool Equals(CidrBlock? other) => other != null && other.PrefixLength == PrefixLength && SameBytes(other._network, _network);

        public override bool Equals(object? obj) => Equals(obj as CidrBlock);

        public override int GetHashCode()
        {
            var hash = PrefixLength;
            foreach (var b in _network)
            {
                hash = (hash * 31) + b;
            }

            return hash;
        }

        public override string ToString() => $"{new IPAddress(_network)}/{PrefixLength}";
    }
}
