using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace MaintenanceMode.Errors
{
    /// <summary>
    /// The ids of <see cref="ErrorIds"/> with their kinds, read once. Every error the module raises takes
    /// its kind from here, so one id never surfaces with two categories.
    /// </summary>
    public static class ErrorCatalogue
    {
        /// <summary>The prefixes of ids made from an AWS error code at run time.</summary>
        public static readonly IReadOnlyList<string> AwsCodePrefixes = new[] { "Elbv2.", "Aws." };

        private static readonly Lazy<IReadOnlyDictionary<string, ErrorKind>> Kinds = new Lazy<IReadOnlyDictionary<string, ErrorKind>>(Read);

        /// <summary>Every declared id and its kind.</summary>
        public static IReadOnlyDictionary<string, ErrorKind> All => Kinds.Value;

        /// <summary>The kind of a declared id; an undeclared one is a bug, reported as such rather than hidden.</summary>
        public static ErrorKind KindOf(string errorId) =>
            Kinds.Value.TryGetValue(errorId, out var kind)
                ? kind
                : throw new ArgumentException($"'{errorId}' is not an error id of {nameof(ErrorIds)}.", nameof(errorId));

        public static bool IsDeclared(string errorId) => Kinds.Value.ContainsKey(errorId);

        private static IReadOnlyDictionary<string, ErrorKind> Read() =>
            typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .ToDictionary(
                    f => (string)f.GetRawConstantValue()!,
                    f => f.GetCustomAttribute<ErrorAttribute>()?.Kind
                        ?? throw new InvalidOperationException($"{nameof(ErrorIds)}.{f.Name} has no [Error] kind."),
                    StringComparer.Ordinal);
    }
}
