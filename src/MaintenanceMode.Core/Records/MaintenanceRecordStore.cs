using System;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.State;

namespace MaintenanceMode.Records
{
    /// <summary>
    /// A listener's record beside its snapshot (<c>.record.json</c>): read, and written conditionally, so that a
    /// write never silently replaces a version it did not read. Written before the module's rules are created
    /// (their identities) and after (their ARNs): see <see cref="ModuleRuleLedger"/>.
    /// </summary>
    internal sealed class MaintenanceRecordStore
    {
        private readonly SnapshotStore _store;

        public MaintenanceRecordStore(SnapshotStore store, string listenerArn)
        {
            _store = store;
            Key = KeyFor(store.Layout.SnapshotKey(listenerArn));
        }

        public string Key { get; }

        public string Uri => $"s3://{_store.Location.Bucket}/{Key}";

        public static string KeyFor(string snapshotKey) =>
            snapshotKey.EndsWith(".json", StringComparison.Ordinal) ? snapshotKey.Substring(0, snapshotKey.Length - 5) + ".record.json" : snapshotKey + ".record";

        /// <summary>The record as stored (null when there is none) and parsed (null too when it is not one).</summary>
        public async Task<(MaintenanceRecord? Record, StoredObject? Stored)> ReadAsync(CancellationToken ct)
        {
            var stored = await _store.GetAsync(Key, ct).ConfigureAwait(false);
            return (stored == null ? null : Parse(stored.Content), stored);
        }

        /// <summary>A record that is not one (hand-edited, cut short) counts as none.</summary>
        public static MaintenanceRecord? Parse(string json)
        {
            try
            {
                return System.Text.Json.JsonSerializer.Deserialize<MaintenanceRecord>(json, MaintenanceRecordJson.Options);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        /// <summary>
        /// Writes <paramref name="build"/>'s record over <paramref name="known"/> (that version only), or create-only
        /// when none is known. When the object is not what was expected (a retried write whose first attempt took
        /// effect, or a record left over), it is read and replaced, <paramref name="build"/> seeing what was there.
        /// </summary>
        public async Task<(MaintenanceRecord Record, StoredObject Stored)> WriteAsync(Func<MaintenanceRecord?, MaintenanceRecord> build, StoredObject? known, CancellationToken ct)
        {
            if (known != null)
            {
                var record = build(Parse(known.Content));
                var json = ToJson(record);
                try
                {
                    return (record, new StoredObject(Key, json, await _store.ReplaceAsync(Key, json, known.ETag, ct).ConfigureAwait(false)));
                }
                catch (SnapshotChangedException)
                {
                }
            }
            else
            {
                var record = build(null);
                var json = ToJson(record);
                var eTag = await _store.TryPutNewAsync(Key, json, ct).ConfigureAwait(false);
                if (eTag != null)
                {
                    return (record, new StoredObject(Key, json, eTag));
                }
            }

            var existing = await _store.GetAsync(Key, ct).ConfigureAwait(false);
            var again = build(existing == null ? null : Parse(existing.Content));
            var text = ToJson(again);
            var written = existing == null
                ? await _store.PutNewAsync(Key, text, ct).ConfigureAwait(false)
                : await _store.ReplaceAsync(Key, text, existing.ETag, ct).ConfigureAwait(false);
            return (again, new StoredObject(Key, text, written));
        }

        private static string ToJson(MaintenanceRecord record) => System.Text.Json.JsonSerializer.Serialize(record, MaintenanceRecordJson.Options);
    }
}
