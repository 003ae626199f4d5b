using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MaintenanceMode.Targets.Completion;

namespace MaintenanceMode.Commands.Completion
{
    /// <summary>
    /// Completes -ListenerArn with the HTTP and HTTPS listeners of the account's Application Load
    /// Balancers; the word may be the start of the ARN or of the load balancer's name. Bounded in time
    /// like <see cref="LoadBalancerNameCompleter"/>.
    /// </summary>
    public sealed class ListenerArnCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var scope = CompletionInput.Scope(fakeBoundParameters);
            return CompletionInput.Results(wordToComplete, word => TargetCompletion.Shared.ListenerArns(scope, word));
        }
    }
}
