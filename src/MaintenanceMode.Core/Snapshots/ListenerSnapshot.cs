using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Action = MaintenanceMode.Aws.Elbv2.Action;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.Listeners;
using MaintenanceMode.Rules;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// A listener's full state, durable before any change: default actions, every rule with its ARN,
    /// priority, conditions, actions, transforms and tags, and the listener's own tags. Serialized as
    /// schema-versioned JSON; a reader refuses versions it does not know rather than guess.
    /// </summary>
    public sealed class ListenerSnapshot
    {
        public const int CurrentSchemaVersion = 1;

        public int SchemaVersion { get; set; } = CurrentSchemaVersion;

        public string ListenerArn { get; set; } = string.Empty;

        public string? LoadBalancerArn { get; set; }

        public string? LoadBalancerName { get; set; }

        public int? Port { get; set; }

        public string? Protocol { get; set; }

        public DateTimeOffset CapturedAt { get; set; }

        /// <summary>The caller's ARN when it was taken, for the audit trail.</summary>
        public string? CapturedBy { get; set; }

        public string? ModuleVersion { get; set; }

        public List<Action> DefaultActions { get; set; } = new List<Action>();

        public List<Tag> ListenerTags { get; set; } = new List<Tag>();

        /// <summary>Every rule but the default one, in priority order.</summary>
        public List<SnapshotRule> Rules { get; set; } = new List<SnapshotRule>();

        /// <summary>
        /// The priorities the Enable that took this snapshot moves the user's rules to in the call it makes beside
        /// tagging the listener. Should that run die between the two calls, the listener shows exactly these and no
        /// tag, and the next Enable still knows this snapshot for the original (<see cref="InterruptedEnable"/>).
        /// Null when no rule moves beside the tag, and in snapshots of earlier versions, which are never taken so.
        /// </summary>
        public List<RulePriorityPair>? MovesBesideTag { get; set; }

        /// <param name="movesBesideTag">See <see cref="MovesBesideTag"/>.</param>
        public static ListenerSnapshot Capture(ListenerState state, DateTimeOffset now, string? capturedBy, string? moduleVersion, IReadOnlyList<RulePriorityPair>? movesBesideTag = null)
        {
            return new ListenerSnapshot
            {
                ListenerArn = state.ListenerArn,
                LoadBalancerArn = state.Listener.LoadBalancerArn,
                LoadBalancerName = state.LoadBalancer.LoadBalancerName,
                Port = state.Listener.Port,
                Protocol = state.Listener.Protocol,
                CapturedAt = now,
                CapturedBy = capturedBy,
                ModuleVersion = moduleVersion,
                // AWS never returns OIDC secrets; an emulator may. A snapshot never keeps one.
                DefaultActions = Snapshots.SnapshotSecrets.WithoutSecrets(state.DefaultActions),
                ListenerTags = state.ListenerTags.Where(t => !ModuleTags.IsModuleKey(t.Key ?? string.Empty)).Select(ModelCopy.Of).ToList(),
                Rules = state.Rules
                    .Where(r => r.IsDefault != true && state.RoleOf(r) == null)
                    .OrderBy(ListenerState.PriorityOf)
                    .Select(r => SnapshotRule.From(r, state.TagsOf(r)))
                    .ToList(),
                MovesBesideTag = movesBesideTag?.Select(m => new RulePriorityPair { RuleArn = m.RuleArn, Priority = m.Priority }).ToList(),
            };
        }

        /// <summary>The rules that were the user's when the snapshot was taken (not the module's): never the module's to delete.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public IEnumerable<string> UserRuleArns => Rules.Where(r => ModuleTags.Find(r.Tags, ModuleTags.Role) == null).Select(r => r.RuleArn);

        public string ToJson() => JsonSerializer.Serialize(this, SnapshotJson.Options);

        /// <summary>Reads a snapshot and checks it is one, of a known version, for the expected listener.</summary>
        /// <exception cref="MaintenanceModeException">Corrupt, of an unknown version, or of another listener.</exception>
        public static ListenerSnapshot FromJson(string json, string source, string? expectedListenerArn)
        {
            ListenerSnapshot? snapshot;
            try
            {
                snapshot = JsonSerializer.Deserialize<ListenerSnapshot>(json, SnapshotJson.Options);
            }
            catch (JsonException ex)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotCorrupt,
                    $"The snapshot at {source} is not valid JSON ({ex.Message}). Nothing was changed. Restore a good copy of it (S3 versioning keeps earlier ones) before retrying.", ex);
            }

            if (snapshot == null || string.IsNullOrEmpty(snapshot.ListenerArn) || snapshot.SchemaVersion < 1)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotCorrupt,
                    $"The snapshot at {source} is not a listener snapshot. Nothing was changed.");
            }

            if (snapshot.SchemaVersion > CurrentSchemaVersion)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotCorrupt,
                    $"The snapshot at {source} has schema version {snapshot.SchemaVersion}; this module reads up to {CurrentSchemaVersion}. Update the MaintenanceMode module. Nothing was changed.");
            }

            if (expectedListenerArn != null && !string.Equals(snapshot.ListenerArn, expectedListenerArn, StringComparison.Ordinal))
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotListenerMismatch,
                    $"The snapshot at {source} belongs to listener {snapshot.ListenerArn}, not {expectedListenerArn}. Nothing was changed.");
            }

            return snapshot;
        }
    }
}
