using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// The one set of JSON options for ELBv2 model snapshots and deep copies. Property names are the AWS
    /// member names, in declaration order (which follows botocore); absent members are left out rather than
    /// written as null, so a snapshot shows exactly what the service returned.
    /// </summary>
    public static class ModelJson
    {
        /// <summary>Read-only options: PascalCase AWS names, nulls omitted, indented, no enum converters (the model has no enums).</summary>
        public static JsonSerializerOptions Options { get; } = CreateOptions();

        public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

        public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

        /// <summary>A deep copy through JSON: every model member survives, nothing is shared with the original.</summary>
        public static T Clone<T>(T value) where T : class
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, Options), Options)!;
        }

        /// <summary>
        /// The same options with <paramref name="resolver"/> asked first: how a layer above the model (the
        /// snapshot, the record) adds compile-time metadata for its own types without this adapter knowing them.
        /// </summary>
        public static JsonSerializerOptions With(IJsonTypeInfoResolver resolver)
        {
            var options = new JsonSerializerOptions(Options) { TypeInfoResolver = JsonTypeInfoResolver.Combine(resolver, Options.TypeInfoResolver!) };
            options.MakeReadOnly(populateMissingResolver: true);
            return options;
        }

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                PropertyNamingPolicy = null,
                DictionaryKeyPolicy = null,
                WriteIndented = true,
                // Snapshots are files, never embedded in HTML: keep "<", ">", "&" and non-ASCII readable
                // (fixed-response bodies are HTML pages).
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                // Compile-time metadata first (a cold process pays no Reflection.Emit for these types);
                // reflection for anything else, so a type left out of the context still works.
                TypeInfoResolver = JsonTypeInfoResolver.Combine(ModelJsonContext.Default, new DefaultJsonTypeInfoResolver()),
            };
            options.MakeReadOnly(populateMissingResolver: true);
            return options;
        }
    }
}
