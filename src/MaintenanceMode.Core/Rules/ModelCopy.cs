using System.Text.Json;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Rules
{
    /// <summary>Deep copies of model objects, so a plan never aliases the state it was made from.</summary>
    public static class ModelCopy
    {
        public static T Of<T>(T value) where T : class =>
            JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, ModelJson.Options), ModelJson.Options)!;

        /// <summary>Equal when their JSON is: every field counts, none is forgotten.</summary>
        public static bool Same<T>(T? a, T? b) where T : class =>
            JsonSerializer.Serialize(a, ModelJson.Options) == JsonSerializer.Serialize(b, ModelJson.Options);
    }
}
