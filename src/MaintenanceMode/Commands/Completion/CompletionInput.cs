using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MaintenanceMode.Targets.Completion;

namespace MaintenanceMode.Commands.Completion
{
    /// <summary>
    /// What the completers share: the account scope from the parameters typed so far, the word without
    /// its opening quote, and results quoted the way the word was.
    /// </summary>
    internal static class CompletionInput
    {
        /// <summary>-Region, -ProfileName and -EndpointUrl as typed so far; PowerShell fills only those it could evaluate safely.</summary>
        internal static CompletionScope Scope(IDictionary? fakeBoundParameters) => new CompletionScope(
            Text(fakeBoundParameters, "Region"),
            Text(fakeBoundParameters, "ProfileName"),
            Uri.TryCreate(Text(fakeBoundParameters, "EndpointUrl") ?? string.Empty, UriKind.Absolute, out var endpoint) ? endpoint : null);

        internal static IEnumerable<CompletionResult> Results(string? wordToComplete, Func<string, IReadOnlyList<CompletionCandidate>> list)
        {
            var word = wordToComplete ?? string.Empty;
            var quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word[0].ToString() : string.Empty;
            var bare = word.Trim('\'', '"');
            return list(bare)
                .Select(c => new CompletionResult(Quoted(c.Value, quote), c.Value, CompletionResultType.ParameterValue, c.Description))
                .ToList();
        }

        private static string Quoted(string value, string quote)
        {
            if (quote.Length == 0 && value.IndexOfAny(new[] { ' ', '\t', '\'', '"', '$', '`', ';', ',', '(', ')', '{', '}', '@', '#' }) < 0)
            {
                return value;
            }

            return quote == "\"" ? "\"" + value.Replace("\"", "`\"") + "\"" : "'" + value.Replace("'", "''") + "'";
        }

        private static string? Text(IDictionary? parameters, string name)
        {
            if (parameters == null || !parameters.Contains(name))
            {
                return null;
            }

            var value = parameters[name];
            var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            return bare?.ToString();
        }
    }
}
