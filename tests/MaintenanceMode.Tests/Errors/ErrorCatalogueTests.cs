using System.IO;
using System.Text.RegularExpressions;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Errors
{
    /// <summary>
    /// The error catalogue, the code and the README's error table name the same ids: an id declared but
    /// not documented, documented but not declared, or raised as a string literal beside the catalogue fails.
    /// </summary>
    public class ErrorCatalogueTests
    {
        private static readonly Regex IdCell = new Regex(@"`([A-Za-z0-9.<>]+)`", RegexOptions.Compiled);

        [Fact]
        public void EveryDeclaredIdHasAKind()
        {
            Assert.NotEmpty(ErrorCatalogue.All);
            Assert.Equal(ErrorKind.ResourceBusy, ErrorCatalogue.KindOf(ErrorIds.MaintenanceInProgress));
            Assert.Throws<ArgumentException>(() => ErrorCatalogue.KindOf("NoSuchErrorId"));
        }

        [Fact]
        public void TheReadmeErrorTableListsEveryDeclaredId()
        {
            var documented = IdsOfTable(ReadmeSection("## Errors"));
            var missing = ErrorCatalogue.All.Keys.Where(id => !documented.Contains(id)).OrderBy(id => id).ToList();
            Assert.True(missing.Count == 0, "README's error table lacks: " + string.Join(", ", missing));
        }

        [Fact]
        public void TheReadmeNamesNoIdThatNothingDeclares()
        {
            var documented = IdsOfTable(ReadmeSection("## Errors")).Concat(IdsOfTable(ReadmeSection("## Troubleshooting")));
            var unknown = documented
                .Where(id => !ErrorCatalogue.IsDeclared(id) && !ErrorCatalogue.AwsCodePrefixes.Any(p => id.StartsWith(p, StringComparison.Ordinal)))
                .Distinct().OrderBy(id => id).ToList();
            Assert.True(unknown.Count == 0, "README names ids that ErrorIds does not declare: " + string.Join(", ", unknown));
        }

        [Fact]
        public void NoSourceFileRaisesAnIdOutsideTheCatalogue()
        {
            // An id given as a literal where an error is raised escapes the catalogue and its README check.
            var literalId = new Regex(
                @"(Exception|Error|Fail)\(\s*""[A-Z][A-Za-z]+""|""[A-Z][A-Za-z.]+"",\s*ErrorCategory\.",
                RegexOptions.Compiled | RegexOptions.Singleline);
            var offenders = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories)
                .Where(file => literalId.IsMatch(File.ReadAllText(file)))
                .Select(file => Path.GetFileName(file))
                .ToList();
            Assert.True(offenders.Count == 0, "error ids given as literals (use ErrorIds): " + string.Join(", ", offenders));
        }

        private static HashSet<string> IdsOfTable(string section) =>
            new HashSet<string>(
                section.Split('\n')
                    .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
                    .SelectMany(line => IdCell.Matches(line.Split('|')[1]).Cast<Match>().Select(m => m.Groups[1].Value))
                    .Where(id => id != "Elbv2.<Code>"),
                StringComparer.Ordinal);

        private static string ReadmeSection(string heading)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).Replace("\r\n", "\n");
            var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"README has no '{heading}' section");
            var end = text.IndexOf("\n## ", start + heading.Length + 1, StringComparison.Ordinal);
            return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
        }

        internal static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MaintenanceMode.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("MaintenanceMode.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
