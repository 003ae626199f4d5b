using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// Builds the ordered form fields of one Query-protocol request: lists as <c>Name.member.N</c> (from 1),
    /// structures as <c>Parent.Child</c>, maps as <c>Name.entry.N.key</c>/<c>.value</c>, booleans as
    /// <c>true</c>/<c>false</c>, numbers in the invariant culture. Null members and empty lists or maps are
    /// left out: an empty list on the wire would mean "clear it", which is never what an absent member means.
    /// </summary>
    internal sealed class QueryFormWriter
    {
        private readonly List<KeyValuePair<string, string>> fields = new List<KeyValuePair<string, string>>();

        public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;

        /// <summary>Writes every member of a request shape at the top level, in declaration order.</summary>
        public QueryFormWriter AddMembers(object shape)
        {
            if (shape == null) throw new ArgumentNullException(nameof(shape));
            WriteStructure(string.Empty, shape);
            return this;
        }

        /// <summary>Writes one value (scalar, list, map or structure) under <paramref name="name"/>.</summary>
        public QueryFormWriter Add(string name, object? value)
        {
            WriteValue(name, value);
            return this;
        }

        private void WriteValue(string name, object? value)
        {
            switch (value)
            {
                case null:
                    return;
                case string text:
                    fields.Add(new KeyValuePair<string, string>(name, text));
                    return;
                case bool flag:
                    fields.Add(new KeyValuePair<string, string>(name, flag ? "true" : "false"));
                    return;
                case int number:
                    fields.Add(new KeyValuePair<string, string>(name, number.ToString(CultureInfo.InvariantCulture)));
                    return;
                case long number:
                    fields.Add(new KeyValuePair<string, string>(name, number.ToString(CultureInfo.InvariantCulture)));
                    return;
                case DateTime time:
                    fields.Add(new KeyValuePair<string, string>(name,
                        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
                    return;
                case Dictionary<string, string> map:
                    WriteMap(name, map);
                    return;
                case IList list:
                    WriteList(name, list);
                    return;
            }

            var type = value.GetType();
            if (type.IsClass && type.Namespace == typeof(QueryFormWriter).Namespace)
            {
                WriteStructure(name, value);
                return;
            }

            throw new NotSupportedException($"The Query writer has no encoding for {type.FullName} (member {name}).");
        }

        private void WriteStructure(string prefix, object shape)
        {
            foreach (var member in ShapeMembers.Of(shape.GetType()))
            {
                var name = prefix.Length == 0 ? member.Name : prefix + "." + member.Name;
                WriteValue(name, member.GetValue(shape));
            }
        }

        private void WriteList(string name, IList list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                WriteValue(name + ".member." + (i + 1).ToString(CultureInfo.InvariantCulture), list[i]);
            }
        }

        private void WriteMap(string name, Dictionary<string, string> map)
        {
            var n = 0;
            foreach (var entry in map)
            {
                n++;
                var prefix = name + ".entry." + n.ToString(CultureInfo.InvariantCulture);
                fields.Add(new KeyValuePair<string, string>(prefix + ".key", entry.Key));
                fields.Add(new KeyValuePair<string, string>(prefix + ".value", entry.Value ?? string.Empty));
            }
        }
    }
}
