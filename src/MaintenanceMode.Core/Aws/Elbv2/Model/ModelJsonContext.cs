using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// JSON metadata for the ELBv2 model, generated at compile time. The reflection-based
    /// serializer builds the same metadata at first use with Reflection.Emit, which no ReadyToRun image can
    /// hold: in a fresh process that was the single largest cost before the first change (a deep copy of the
    /// listener for the preview). <see cref="ModelJson.Options"/> uses this first and reflection only for a
    /// type not listed here, so what is written stays exactly what the options say.
    /// </summary>
    [JsonSerializable(typeof(Listener))]
    [JsonSerializable(typeof(LoadBalancer))]
    [JsonSerializable(typeof(Rule))]
    [JsonSerializable(typeof(RuleCondition))]
    [JsonSerializable(typeof(Action))]
    [JsonSerializable(typeof(RuleTransform))]
    [JsonSerializable(typeof(Tag))]
    [JsonSerializable(typeof(List<Rule>))]
    [JsonSerializable(typeof(List<RuleCondition>))]
    [JsonSerializable(typeof(List<Action>))]
    [JsonSerializable(typeof(List<RuleTransform>))]
    [JsonSerializable(typeof(List<Tag>))]
    [JsonSerializable(typeof(List<Listener>))]
    [JsonSerializable(typeof(List<LoadBalancer>))]
    [JsonSerializable(typeof(IReadOnlyList<Rule>))]
    [JsonSerializable(typeof(RulePriorityPair))]
    [JsonSerializable(typeof(List<RulePriorityPair>))]
    [JsonSerializable(typeof(CreateRuleRequest))]
    [JsonSerializable(typeof(ModifyRuleRequest))]
    internal sealed partial class ModelJsonContext : JsonSerializerContext
    {
    }
}
