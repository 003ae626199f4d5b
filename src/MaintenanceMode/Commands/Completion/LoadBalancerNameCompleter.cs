using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MaintenanceMode.Targets.Completion;

namespace MaintenanceMode.Commands.Completion
{
    /// <summary>
    /// Completes -LoadBalancerName with the Application Load Balancers of the account and region named
    /// so far (-Region, -ProfileName, -EndpointUrl). Offers nothing rather than making the prompt wait
    /// more than two seconds or fail; see TargetCompletion.
    /// </summary>
    public sealed class LoadBalancerNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var scope = CompletionInput.Scope(fakeBoundParameters);
            return CompletionInput.Results(wordToComplete, word => TargetCompletion.Shared.LoadBalancerNames(scope, word));
        }
    }
}
