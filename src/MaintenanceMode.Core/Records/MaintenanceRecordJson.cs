using System.Text.Json;
using System.Text.Json.Serialization;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Records
{
    /// <summary>
    /// The JSON options of the maintenance record: the model's options (<see cref="ModelJson.Options"/>) with
    /// compile-time metadata for <see cref="MaintenanceRecord"/> asked first (no Reflection.Emit in a cold process).
    /// </summary>
    public static class MaintenanceRecordJson
    {
        public static JsonSerializerOptions Options { get; } = ModelJson.With(MaintenanceRecordJsonContext.Default);
    }

    [JsonSerializable(typeof(MaintenanceRecord))]
    internal sealed partial class MaintenanceRecordJsonContext : JsonSerializerContext
    {
    }
}
