using System.Text.Json;
using System.Text.Json.Serialization;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// The JSON options of a snapshot: <see cref="ModelJson.Options"/> (AWS member names, nulls left out) with
    /// compile-time metadata for <see cref="ListenerSnapshot"/> asked first, so a cold process pays no
    /// Reflection.Emit to write or read one, while the ELBv2 adapter keeps knowing nothing of the module's types.
    /// </summary>
    public static class SnapshotJson
    {
        public static JsonSerializerOptions Options { get; } = ModelJson.With(SnapshotJsonContext.Default);
    }

    [JsonSerializable(typeof(ListenerSnapshot))]
    internal sealed partial class SnapshotJsonContext : JsonSerializerContext
    {
    }
}
