using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Commands.Completion
{
    /// <summary>Tab completion of -ContentType from <see cref="PageContentType.Allowed"/>.</summary>
    public sealed class FixedResponseContentTypeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            PageContentType.Allowed
                .Where(type => type.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(type => new CompletionResult(type, type, CompletionResultType.ParameterValue, type));
    }
}
