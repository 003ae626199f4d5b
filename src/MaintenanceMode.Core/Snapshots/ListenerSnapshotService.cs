using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.IO;
using MaintenanceMode.Identity;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Reporting;
using MaintenanceMode.Snapshots.Restore;
using MaintenanceMode.State;
using MaintenanceMode.Targets;
using MaintenanceMode.State.Locks;

namespace MaintenanceMode.Snapshots
{
    /// <summary>
    /// Save, compare and restore a listener's full state as the schema-versioned snapshot Enable
    /// writes, to and from a file or S3 (encrypted, create-only unless told to overwrite). Restore
    /// reads, plans (<see cref="RestorePlanner"/>), and only then changes, through the plan runner
    /// that undoes what it did when a call fails.
    /// </summary>
    public sealed class ListenerSnapshotService
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly OperationDependencies _deps;
        private readonly ListenerStateReader _reader;
        private readonly ListenerLocks _locks;

        /// <param name="reads">How reads that lag writes are waited out; <see cref="ReadAfterWrite.Default"/> when null.</param>
        public ListenerSnapshotService(IElbv2Client elb, Func<S3Uri, SnapshotStore> stores, ICallerIdentity identity, IMaintenanceReporter reporter, Func<DateTimeOffset> clock, string moduleVersion,
            ReadAfterWrite? reads = null)
            : this(new OperationDependencies(elb, stores, identity, reporter, clock, moduleVersion, reads))
        {
        }

        public ListenerSnapshotService(OperationDependencies dependencies)
        {
            _deps = dependencies;
            _reader = new ListenerStateReader(_deps.Elb, _deps.Reads);
            _locks = new ListenerLocks(_deps.Reporter, _deps.Clock, _deps.Identity.GetCallerArnAsync);
        }

        /// <summary>The listener, checked to be an HTTP/HTTPS listener of an Application Load Balancer.</summary>
        public async Task<ListenerTarget> ResolveAsync(string listenerArn, CancellationToken ct)
        {
            var results = await new TargetResolver(_deps.Elb).ResolveAsync(new TargetSelection { ListenerArns = new[] { listenerArn } }, ct).ConfigureAwait(false);
            var result = results.Single();
            return result.Target ?? throw result.Error!;
        }

        public async Task<ListenerSnapshotInfo> SaveAsync(ListenerTarget target, SnapshotLocation destination, bool overwrite, CancellationToken ct)
        {
            var state = await _reader.ReadAsync(target, countLoadBalancerRules: false, ct).ConfigureAwait(false);
            if (state.HasModuleChanges)
            {
                _deps.Reporter.Warning($"{target} is in maintenance: the snapshot holds the user's rules where maintenance moved them, without the module's own rules.");
            }

            foreach (var rule in state.Rules.Where(r => r.UnmodeledMembers.Count > 0))
            {
                _deps.Reporter.Warning($"Rule {(rule.IsDefault ? "default" : rule.Priority)} ({rule.RuleArn}) holds {string.Join(", ", rule.UnmodeledMembers)}, which this version of MaintenanceMode does not know: "
                    + "the snapshot does not hold it, and Restore-ListenerSnapshot refuses to rewrite that rule.");
            }

            var caller = await _deps.Identity.GetCallerArnAsync(ct).ConfigureAwait(false);
            var snapshot = SnapshotSecrets.Redact(ListenerSnapshot.Capture(state, _deps.Clock(), caller, _deps.ModuleVersion));
            var location = destination.For(target.ListenerArn);
            var json = snapshot.ToJson() + "\n";
            string? encryption = null;
            if (location.FilePath != null)
            {
                WriteFile(location.FilePath, json, overwrite);
            }
            else
            {
                encryption = await WriteS3Async(location, json, overwrite, ct).ConfigureAwait(false);
            }

            _deps.Reporter.Verbose($"snapshot of {target} ({snapshot.Rules.Count} rules) written to {location}");
            return new ListenerSnapshotInfo
            {
                ListenerArn = target.ListenerArn,
                LoadBalancerName = target.LoadBalancer.LoadBalancerName,
                Port = target.Listener.Port,
                Location = location.ToString(),
                RuleCount = snapshot.Rules.Count,
                CapturedAt = snapshot.CapturedAt,
                SchemaVersion = snapshot.SchemaVersion,
                Encryption = encryption,
            };
        }

        /// <summary>Reads and checks a snapshot. With <paramref name="listenerArn"/>, one of another listener is refused.</summary>
        public async Task<ListenerSnapshot> LoadAsync(SnapshotLocation source, string? listenerArn, CancellationToken ct)
        {
            if (source.IsFolder && listenerArn == null)
            {
                throw new MaintenanceModeException(ErrorIds.InvalidSnapshotSource,
                    $"{source} is a folder; name the snapshot object (s3://bucket/key.json), or pass -ListenerArn to read that listener's snapshot in the folder.");
            }

            var location = listenerArn == null ? source : source.For(listenerArn);
            var json = location.FilePath != null ? ReadFile(location.FilePath) : await ReadS3Async(location, ct).ConfigureAwait(false);
            return Parse(json, location.ToString(), listenerArn);
        }

        /// <summary>Checks a snapshot given as an object rather than read from a location.</summary>
        public static ListenerSnapshot Parse(string json, string source, string? listenerArn)
        {
            var snapshot = ListenerSnapshot.FromJson(json, source, listenerArn);
            ListenerSnapshotCheck.Validate(snapshot, source);
            return snapshot;
        }

        public async Task<IReadOnlyList<SnapshotDifference>> CompareAsync(ListenerSnapshot snapshot, ListenerTarget target, CancellationToken ct)
        {
            CheckListener(snapshot, target);
            var state = await _reader.ReadAsync(target, countLoadBalancerRules: false, ct).ConfigureAwait(false);
            if (state.HasModuleChanges)
            {
                _deps.Reporter.Warning($"{target} is in maintenance: the module's own rules are left out, and the user's rules show as moved where maintenance shifted them.");
            }

            return SnapshotComparer.Compare(snapshot, state);
        }

        public async Task<RestorePreview> PrepareRestoreAsync(ListenerSnapshot snapshot, string source, ListenerTarget target, RestoreOptions options, CancellationToken ct)
        {
            CheckListener(snapshot, target);
            var state = await _reader.ReadAsync(target, countLoadBalancerRules: false, ct).ConfigureAwait(false);
            return new RestorePreview(target, snapshot, source, options, RestorePlanner.Plan(snapshot, state, options));
        }

        /// <summary>Plans again from the listener as it is now (it may have changed since the preview), applies, and reads back.</summary>
        public async Task<RestoreResult> RestoreAsync(RestorePreview preview, CancellationToken ct)
        {
            var target = preview.Target;
            var state = await _reader.ReadAsync(target, countLoadBalancerRules: false, ct).ConfigureAwait(false);
            var location = LockLocationOf(state, preview.Source);
            if (location == null)
            {
                _deps.Reporter.Verbose($"{target} names no state location and the snapshot is not in one: the restore runs without a lock.");
                return await RestoreUnlockedAsync(preview, state, ct).ConfigureAwait(false);
            }

            // Enable and Disable lock the listener in its state location, and a restore must not interleave its calls
            // with theirs: it takes the same lock, and plans from a read made under it.
            var store = _deps.Stores(location);
            var held = await _locks.AcquireAsync(store, target.ListenerArn, "Restore-ListenerSnapshot", ct).ConfigureAwait(false);
            try
            {
                var locked = await _reader.ReadAsync(target, countLoadBalancerRules: false, ct).ConfigureAwait(false);
                return await RestoreUnlockedAsync(preview, locked, ct).ConfigureAwait(false);
            }
            finally
            {
                await _locks.ReleaseAsync(store, held).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Where a maintenance run would lock the listener: the state location its tag names, or else the one the
        /// snapshot was read from when it is a snapshot in the module's layout there (s3://bucket/prefix/listeners/...);
        /// null when neither (a snapshot from a file, say), and no run's lock can be known.
        /// </summary>
        private static S3Uri? LockLocationOf(ListenerState state, string source)
        {
            if (state.StateLocation != null)
            {
                return S3Uri.ParsePrefix(state.StateLocation);
            }

            return S3Uri.LooksLikeS3Uri(source) ? SnapshotLayout.StateLocationOf(S3Uri.Parse(source), state.ListenerArn) : null;
        }

        private async Task<RestoreResult> RestoreUnlockedAsync(RestorePreview preview, ListenerState state, CancellationToken ct)
        {
            var target = preview.Target;
            var plan = RestorePlanner.Plan(preview.Snapshot, state, preview.Options);
            foreach (var warning in plan.Warnings)
            {
                _deps.Reporter.Warning(warning);
            }

            var created = plan.IsEmpty
                ? (IReadOnlyList<Rule>)Array.Empty<Rule>()
                : await new PlanRunner(_deps.Elb, _deps.Reporter, _deps.Reads).RunAsync(plan, $"Restore-ListenerSnapshot {target}", ct, "Run Restore-ListenerSnapshot again: it reads the listener and does only what remains.").ConfigureAwait(false);
            var recreated = new List<RecreatedRule>();
            foreach (var step in plan.Steps.OfType<CreateRuleStep>())
            {
                var rule = created.FirstOrDefault(r => ListenerState.PriorityOf(r) == step.Rule.Priority);
                if (rule?.RuleArn != null && step.Rule.CopiesRuleArn != null)
                {
                    recreated.Add(new RecreatedRule { SnapshotRuleArn = step.Rule.CopiesRuleArn, NewRuleArn = rule.RuleArn, Priority = step.Rule.Priority });
                    _deps.Reporter.Warning($"Rule {step.Rule.CopiesRuleArn} was created again as {rule.RuleArn}.");
                }
            }

            // What remains is judged from a read that shows this run's own calls: on AWS a read right after them
            // may still answer as before, and would report as remaining what was just put back.
            var after = plan.IsEmpty
                ? state
                : await _deps.Reads.UntilAsync(() => _reader.ReadAsync(target, countLoadBalancerRules: false, ct), s => ShowsRestore(s, plan, created), ct).ConfigureAwait(false);
            return new RestoreResult
            {
                ListenerArn = target.ListenerArn,
                LoadBalancerName = target.LoadBalancer.LoadBalancerName,
                Port = target.Listener.Port,
                Snapshot = preview.Source,
                Calls = plan.Steps.Select(s => s.ToString()).ToList(),
                RecreatedRules = recreated,
                RemovedRules = plan.Steps.OfType<DeleteRuleStep>().Select(d => d.Rule.RuleArn!).ToList(),
                Remaining = SnapshotComparer.Compare(preview.Snapshot, after, recreated.ToDictionary(r => r.SnapshotRuleArn, r => r.NewRuleArn)),
            };
        }

        /// <summary>Whether a read shows the plan's calls: moved rules at their new priorities, created rules there, deleted rules gone.</summary>
        private static bool ShowsRestore(ListenerState state, MaintenancePlan plan, IReadOnlyList<Rule> created)
        {
            var byArn = state.Rules.Where(r => r.RuleArn != null).ToDictionary(r => r.RuleArn!, StringComparer.Ordinal);
            var finalPriority = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var move in plan.Steps.OfType<SetRulePrioritiesStep>().SelectMany(s => s.Moves))
            {
                if (move.RuleArn != null)
                {
                    finalPriority[move.RuleArn] = move.Priority;
                }
            }

            return finalPriority.All(m => !byArn.TryGetValue(m.Key, out var rule) || ListenerState.PriorityOf(rule) == m.Value)
                && created.All(c => c.RuleArn == null || byArn.ContainsKey(c.RuleArn))
                && plan.Steps.OfType<DeleteRuleStep>().All(d => d.Rule.RuleArn == null || !byArn.ContainsKey(d.Rule.RuleArn));
        }

        private static void CheckListener(ListenerSnapshot snapshot, ListenerTarget target)
        {
            if (!string.Equals(snapshot.ListenerArn, target.ListenerArn, StringComparison.Ordinal))
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotListenerMismatch,
                    $"The snapshot belongs to listener {snapshot.ListenerArn}, not {target.ListenerArn}. Nothing was changed.")
                { Target = target.ListenerArn };
            }
        }

        /// <summary>
        /// A local snapshot is read up to this many bytes. The largest listener (100 rules of 5 conditions of
        /// 128-character values, with their actions and tags) stays well under 1 MiB.
        /// </summary>
        public const long MaxSnapshotBytes = 16L * 1024 * 1024;

        // As File.ReadAllText(path, Utf8) does: UTF-8 unless a byte order mark says otherwise.
        private static string ReadText(byte[] bytes)
        {
            using (var reader = new StreamReader(new MemoryStream(bytes), Utf8, detectEncodingFromByteOrderMarks: true))
            {
                return reader.ReadToEnd();
            }
        }

        private static void WriteFile(string path, string json, bool overwrite)
        {
            try
            {
                // Readable by the owner only: the snapshot holds the user rules' header values.
                using (var stream = OwnerOnlyFile.Open(path, overwrite ? FileMode.Create : FileMode.CreateNew))
                using (var writer = new StreamWriter(stream, Utf8))
                {
                    writer.Write(json);
                }
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                throw AlreadyExists(path);
            }
            catch (DirectoryNotFoundException ex)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotPathNotFound,
                    $"The folder of {path} does not exist. Create it, or give another -Path.", ex) { Target = path };
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotAccessDenied, $"{path} cannot be written: {ex.Message}", ex) { Target = path };
            }
        }

        private static string ReadFile(string path)
        {
            try
            {
                return ReadText(BoundedFile.ReadAllBytes(path, MaxSnapshotBytes));
            }
            catch (BoundedReadException ex) when (ex.TooLarge)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotTooLarge,
                    $"{ex.Reason}, far more than any listener's snapshot: it is not a snapshot. Give the file Save-ListenerSnapshot wrote.", ex) { Target = path };
            }
            catch (BoundedReadException ex)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotNotARegularFile,
                    $"{ex.Reason}. Give the file Save-ListenerSnapshot wrote.", ex) { Target = path };
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw NotFound(path, ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new MaintenanceModeException(ErrorIds.SnapshotAccessDenied, $"{path} cannot be read: {ex.Message}", ex) { Target = path };
            }
        }

        /// <returns>How S3 says the written snapshot is encrypted.</returns>
        private async Task<string?> WriteS3Async(SnapshotLocation location, string json, bool overwrite, CancellationToken ct)
        {
            var (folder, key) = location.S3Parts();
            var store = _deps.Stores(folder);
            var existing = overwrite ? await store.GetAsync(key, ct).ConfigureAwait(false) : null;
            try
            {
                if (existing == null)
                {
                    await store.PutNewAsync(key, json, ct).ConfigureAwait(false);
                }
                else
                {
                    await store.ReplaceAsync(key, json, existing.ETag, ct).ConfigureAwait(false);
                }
            }
            catch (SnapshotAlreadyExistsException)
            {
                throw AlreadyExists(location.ToString());
            }

            return store.EncryptionOf(key);
        }

        private async Task<string> ReadS3Async(SnapshotLocation location, CancellationToken ct)
        {
            var (folder, key) = location.S3Parts();
            var stored = await _deps.Stores(folder).GetAsync(key, ct).ConfigureAwait(false);
            return stored?.Content ?? throw NotFound(location.ToString(), null);
        }

        private static MaintenanceModeException AlreadyExists(string where) =>
            new MaintenanceModeException(ErrorIds.SnapshotAlreadyExists,
                $"A snapshot already exists at {where}; it was left as it is. Pass -Force to overwrite it, or choose another location.") { Target = where };

        private static MaintenanceModeException NotFound(string where, Exception? inner) =>
            new MaintenanceModeException(ErrorIds.SnapshotNotFound,
                $"No snapshot was found at {where}. Check the path or s3:// location.", inner) { Target = where };
    }
}
