using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Architecture
{
    /// <summary>
    /// The design as docs/architecture.md draws it, kept true: one namespace per folder, the core's concepts in
    /// folders small enough to read, and the AWS adapters (Aws/: the ELBv2 client, S3, sessions) knowing nothing
    /// of the core, so dependencies point one way: commands, then the core, then the adapters, then the
    /// foundation every layer may use (IO; Errors: the catalogue of ids and the module's exception).
    /// </summary>
    public sealed class LayeringTests
    {
        private static readonly string CoreDirectory = Path.Combine(RepositoryRoot(), "src", "MaintenanceMode.Core");

        [Fact]
        public void Every_core_file_declares_the_namespace_of_its_folder()
        {
            var wrong = CoreSources()
                .Select(f => (File: f, Expected: ExpectedNamespace(f), Actual: DeclaredNamespace(f)))
                .Where(f => f.Actual != f.Expected)
                .Select(f => $"{Relative(f.File)}: namespace {f.Actual}, folder says {f.Expected}")
                .ToList();
            Assert.Empty(wrong);
        }

        [Fact]
        public void No_concept_folder_of_the_core_holds_more_than_fifteen_files()
        {
            // The adapters' model (Aws/Elbv2/Model: one file per AWS shape) is a catalogue, not a concept.
            var crowded = CoreSources()
                .GroupBy(Path.GetDirectoryName)
                .Where(g => !Relative(g.Key!).StartsWith("Aws", StringComparison.Ordinal) && g.Count() > 15)
                .Select(g => $"{Relative(g.Key!)}: {g.Count()} files")
                .ToList();
            Assert.Empty(crowded);
        }

        [Fact]
        public void The_aws_adapters_name_no_namespace_of_the_core_in_their_sources()
        {
            var allowed = new Regex(@"^MaintenanceMode\.(Aws(\.\w+)*|IO|Errors)$");
            var reference = new Regex(@"\bMaintenanceMode(\.\w+)+");
            var upward = new List<string>();
            foreach (var file in CoreSources().Where(f => Relative(f).StartsWith("Aws" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                foreach (Match m in reference.Matches(File.ReadAllText(file)))
                {
                    // The longest leading part that is a namespace of the core's assembly is what the name points at.
                    var ns = Prefixes(m.Value).Where(Namespaces.Contains).LastOrDefault();
                    if (ns != null && !allowed.IsMatch(ns))
                    {
                        upward.Add($"{Relative(file)}: {m.Value}");
                    }
                }
            }

            Assert.Empty(upward);
        }

        [Fact]
        public void The_aws_adapters_expose_no_type_of_the_core()
        {
            // What a compiled adapter can reach: its base types, interfaces, fields, properties and the
            // parameters and results of its methods. A type outside Aws*, IO and Errors there is an arrow pointing up.
            var assembly = typeof(IElbv2Client).Assembly;
            var upward = new List<string>();
            foreach (var type in assembly.GetTypes().Where(t => InAdapters(t.Namespace)))
            {
                const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
                var used = new List<Type>();
                if (type.BaseType != null) used.Add(type.BaseType);
                used.AddRange(type.GetInterfaces());
                used.AddRange(type.GetFields(all).Select(f => f.FieldType));
                used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
                foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                {
                    used.AddRange(method.GetParameters().Select(p => p.ParameterType));
                    if (method is MethodInfo info) used.Add(info.ReturnType);
                }

                foreach (var u in used.SelectMany(Flatten).Where(u => u.Assembly == assembly && !InAdapters(u.Namespace)).Distinct())
                {
                    upward.Add($"{type.FullName} uses {u.FullName}");
                }
            }

            Assert.Empty(upward);
        }

        private static bool InAdapters(string? ns) =>
            ns != null && (ns == "MaintenanceMode.Aws" || ns.StartsWith("MaintenanceMode.Aws.", StringComparison.Ordinal) || ns == "MaintenanceMode.IO" || ns == "MaintenanceMode.Errors");

        private static IEnumerable<Type> Flatten(Type type)
        {
            if (type.HasElementType) return Flatten(type.GetElementType()!);
            if (type.IsGenericType) return new[] { type.GetGenericTypeDefinition() }.Concat(type.GetGenericArguments().SelectMany(Flatten));
            return type.IsGenericParameter ? Array.Empty<Type>() : new[] { type };
        }

        private static readonly HashSet<string> Namespaces = new HashSet<string>(
            typeof(IElbv2Client).Assembly.GetTypes().Select(t => t.Namespace).Where(n => n != null)!.SelectMany(Prefixes)!);

        private static IEnumerable<string> Prefixes(string? ns)
        {
            var parts = ns!.Split('.');
            for (var i = 1; i <= parts.Length; i++) yield return string.Join(".", parts.Take(i));
        }

        private static IEnumerable<string> CoreSources() =>
            Directory.EnumerateFiles(CoreDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !Relative(f).Split(Path.DirectorySeparatorChar).Any(p => p == "obj" || p == "bin"));

        private static string ExpectedNamespace(string file)
        {
            var folder = Path.GetDirectoryName(Relative(file)) ?? "";
            // The ELBv2 client's shapes (Model) and wire format (Wire) are folders of the client's own namespace:
            // a namespace of their own would put Action, Rule and Tag next to System.Action at every use.
            var elbv2 = Path.Combine("Aws", "Elbv2");
            if (folder == Path.Combine(elbv2, "Model") || folder == Path.Combine(elbv2, "Wire")) folder = elbv2;
            return folder.Length == 0 ? "MaintenanceMode" : "MaintenanceMode." + folder.Replace(Path.DirectorySeparatorChar, '.');
        }

        private static string? DeclaredNamespace(string file) =>
            Regex.Match(File.ReadAllText(file), @"^namespace ([\w.]+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : null;

        private static string Relative(string path) => Path.GetRelativePath(CoreDirectory, path);

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MaintenanceMode.sln"))) return dir.FullName;
            }

            throw new InvalidOperationException("The tests run from a build inside the repository: MaintenanceMode.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
