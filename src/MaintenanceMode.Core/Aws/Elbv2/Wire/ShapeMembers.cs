using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// The public read/write properties of a model class, in declaration order. Model classes declare
    /// members in botocore's order and name them after the AWS members, so the Query writer and the XML
    /// reader can work from these properties alone.
    /// </summary>
    internal static class ShapeMembers
    {
        private static readonly ConcurrentDictionary<Type, IReadOnlyList<ShapeMember>> Cache =
            new ConcurrentDictionary<Type, IReadOnlyList<ShapeMember>>();

        public static IReadOnlyList<ShapeMember> Of(Type shape)
        {
            return Cache.GetOrAdd(shape, type => type
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
                // GetProperties does not promise declaration order; metadata tokens do.
                .OrderBy(p => p.MetadataToken)
                .Select(ShapeMember.For)
                .ToList());
        }

        /// <summary>The element type when <paramref name="type"/> is List&lt;T&gt;, otherwise null.</summary>
        public static Type? ListElementType(Type type)
        {
            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)
                ? type.GetGenericArguments()[0]
                : null;
        }

        public static bool IsStringMap(Type type) => type == typeof(Dictionary<string, string>);
    }
}
