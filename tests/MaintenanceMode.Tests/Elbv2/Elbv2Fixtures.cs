using System.IO;
using System.Xml.Linq;

namespace MaintenanceMode.Tests.Elbv2
{
    /// <summary>Recorded ELBv2 responses under Fixtures/Elbv2, and form fields turned back into XML.</summary>
    internal static class Elbv2Fixtures
    {
        public const string Namespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

        public static XDocument Document(string name)
        {
            return XDocument.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elbv2", name + ".xml"));
        }

        /// <summary>The {Action}Result element, which is what a real transport hands the client.</summary>
        public static XElement Result(string name)
        {
            return Document(name).Root!.Elements().Single(e => e.Name.LocalName.EndsWith("Result", StringComparison.Ordinal));
        }

        /// <summary>
        /// Rebuilds the XML shape a set of Query form fields describes ("A.member.2.B" becomes
        /// &lt;A&gt;&lt;member/&gt;&lt;member&gt;&lt;B/&gt;...), so a test can decode what was sent and
        /// compare it with what was meant.
        /// </summary>
        public static XElement FieldsToXml(IEnumerable<KeyValuePair<string, string>> fields)
        {
            var root = new XElement("Request");
            foreach (var field in fields)
            {
                var node = root;
                var parts = field.Key.Split('.');
                for (var i = 0; i < parts.Length; i++)
                {
                    var part = parts[i];
                    if ((part == "member" || part == "entry") && i + 1 < parts.Length)
                    {
                        var index = int.Parse(parts[++i]);
                        var items = node.Elements(part).ToList();
                        while (items.Count < index)
                        {
                            var item = new XElement(part);
                            node.Add(item);
                            items.Add(item);
                        }

                        node = items[index - 1];
                        continue;
                    }

                    var child = node.Element(part);
                    if (child == null)
                    {
                        child = new XElement(part);
                        node.Add(child);
                    }

                    node = child;
                }

                node.Value = field.Value;
            }

            return root;
        }
    }
}
