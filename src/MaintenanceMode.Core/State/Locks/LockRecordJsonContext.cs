using System.Text.Json.Serialization;

namespace MaintenanceMode.State.Locks
{
    /// <summary>
    /// Compile-time JSON metadata for <see cref="LockRecord"/>: every Enable and Disable writes one, and the
    /// reflection-based serializer would build this metadata with Reflection.Emit in each fresh process.
    /// </summary>
    [JsonSerializable(typeof(LockRecord))]
    internal sealed partial class LockRecordJsonContext : JsonSerializerContext
    {
    }
}
