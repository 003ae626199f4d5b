using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Reads Query-protocol XML into model classes by element local names, ignoring namespaces, element
    /// order and whitespace: the inverse of <see cref="QueryFormWriter"/>. Lists are <c>&lt;member&gt;</c>
    /// children, maps are <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c>. Unknown elements are
    /// not read, but a rule notes every one it held (<see cref="Rule.UnmodeledMembers"/>), so that nothing the
    /// model cannot carry is dropped unseen; a member whose element is absent stays null.
    /// </summary>
    internal static class QueryXmlReader
    {
        /// <summary>The list held by the child element <paramref name="name"/> of a result; empty when absent.</summary>
        public static List<T> ReadList<T>(XElement result, string name) where T : class
        {
            var element = FindMember(result, name);
            return element == null ? new List<T>() : (List<T>)ReadValue(typeof(List<T>), element)!;
        }

        /// <summary>The text of the child element <paramref name="name"/>; null when absent or empty.</summary>
        public static string? ReadText(XElement result, string name)
        {
            var value = FindMember(result, name)?.Value;
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>Reads one structure element into a new <typeparamref name="T"/>.</summary>
        public static T ReadShape<T>(XElement element) where T : class
        {
            return (T)ReadStructure(typeof(T), element);
        }

        /// <summary>
        /// A direct child named <paramref name="name"/>, else the outermost descendant of that name, so a
        /// caller may pass the <c>{Action}Result</c> element or the whole response.
        /// </summary>
        private static XElement? FindMember(XElement parent, string name)
        {
            return Children(parent, name).FirstOrDefault()
                ?? parent.Descendants().FirstOrDefault(e => e.Name.LocalName == name);
        }

        private static IEnumerable<XElement> Children(XElement parent, string name)
        {
            return parent.Elements().Where(e => e.Name.LocalName == name);
        }

        private static object ReadStructure(Type type, XElement element)
        {
            var shape = Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"Cannot create {type.FullName}.");
            foreach (var member in ShapeMembers.Of(type))
            {
                var child = Children(element, member.Name).FirstOrDefault();
                if (child != null)
                {
                    member.SetValue(shape, ReadValue(member.PropertyType, child));
                }
            }

            if (shape is Rule rule)
            {
                var unmodeled = new List<string>();
                CollectUnmodeled(type, element, string.Empty, unmodeled);
                if (unmodeled.Count > 0)
                {
                    rule.NoteUnmodeledMembers(unmodeled);
                }
            }

            return shape;
        }

        /// <summary>Paths of the elements below <paramref name="element"/> that <paramref name="type"/> (and the shapes it holds) has no member for.</summary>
        private static void CollectUnmodeled(Type type, XElement element, string path, List<string> found)
        {
            var members = ShapeMembers.Of(type);
            foreach (var child in element.Elements())
            {
                var name = child.Name.LocalName;
                var childPath = path.Length == 0 ? name : path + "." + name;
                var member = members.FirstOrDefault(m => m.Name == name);
                if (member == null)
                {
                    found.Add(childPath);
                }
                else
                {
                    CollectUnmodeledIn(member.PropertyType, child, childPath, found);
                }
            }
        }

        private static void CollectUnmodeledIn(Type type, XElement element, string path, List<string> found)
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            if (target == typeof(string) || ShapeMembers.IsStringMap(target))
            {
                return;
            }

            var itemType = ShapeMembers.ListElementType(target);
            if (itemType != null)
            {
                var index = 0;
                foreach (var member in Children(element, "member"))
                {
                    CollectUnmodeledIn(itemType, member, $"{path}[{++index}]", found);
                }

                return;
            }

            if (target.IsClass && target.Namespace == typeof(QueryXmlReader).Namespace)
            {
                CollectUnmodeled(target, element, path, found);
            }
        }

        private static object? ReadValue(Type type, XElement element)
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            try
            {
                if (target == typeof(string)) return element.Value;
                if (target == typeof(bool)) return ParseBool(element.Value);
                if (target == typeof(int)) return int.Parse(element.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                if (target == typeof(long)) return long.Parse(element.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                if (target == typeof(DateTime))
                {
                    return DateTime.Parse(element.Value.Trim(), CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                }
            }
            catch (FormatException e)
            {
                throw new InvalidDataException(
                    $"ELBv2 response element <{element.Name.LocalName}> holds '{element.Value}', which is not a valid {target.Name}.", e);
            }

            if (ShapeMembers.IsStringMap(target))
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in Children(element, "entry"))
                {
                    var key = Children(entry, "key").FirstOrDefault()?.Value ?? string.Empty;
                    map[key] = Children(entry, "value").FirstOrDefault()?.Value ?? string.Empty;
                }

                return map;
            }

            var itemType = ShapeMembers.ListElementType(target);
            if (itemType != null)
            {
                var list = (IList)Activator.CreateInstance(target)!;
                foreach (var member in Children(element, "member"))
                {
                    list.Add(ReadValue(itemType, member));
                }

                return list;
            }

            if (target.IsClass && target.Namespace == typeof(QueryXmlReader).Namespace)
            {
                return ReadStructure(target, element);
            }

            throw new NotSupportedException($"The ELBv2 XML reader has no decoding for {target.FullName}.");
        }

        private static bool ParseBool(string text)
        {
            var value = text.Trim();
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return false;
            throw new FormatException($"'{text}' is not a boolean.");
        }
    }
}
