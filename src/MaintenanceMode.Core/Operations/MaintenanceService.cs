using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Identity;
using MaintenanceMode.Listeners;
using MaintenanceMode.Operations.Planning;
using MaintenanceMode.Operations.Planning.Steps;
using MaintenanceMode.Records;
using MaintenanceMode.Reporting;
using MaintenanceMode.Rules;
using MaintenanceMode.Snapshots;
using MaintenanceMode.State;
using MaintenanceMode.Targets;
using MaintenanceMode.State.Locks;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// Enable, Disable and status for one listener at a time: read, plan, and only then, under the
    /// listener's lock and after the snapshot is durable, change. Every command re-reads the listener
    /// after taking the lock and plans from what it finds, so a rerun after any failure finishes the job.
    /// </summary>
    public sealed class MaintenanceService
    {
        public const string DefaultStateFolder = "maintenance-mode/";

        private readonly OperationDependencies _deps;
        private readonly ListenerStateReader _reader;
        private readonly ListenerLocks _locks;
        private readonly ListenerReadAhead _readAhead = new ListenerReadAhead();
        private Task<string?>? _caller;

        /// <param name="reads">How reads that lag writes are waited out; <see cref="ReadAfterWrite.Default"/> when null.</param>
        public MaintenanceService(IElbv2Client elb, Func<S3Uri, SnapshotStore> stores, ICallerIdentity identity, IMaintenanceReporter reporter, Func<DateTimeOffset> clock, string moduleVersion,
            ReadAfterWrite? reads = null)
            : this(new OperationDependencies(elb, stores, identity, reporter, clock, moduleVersion, reads))
        {
        }

        public MaintenanceService(OperationDependencies dependencies)
        {
            _deps = dependencies;
            _reader = new ListenerStateReader(_deps.Elb, _deps.Reads, new RuleQuotaReader(_deps.Elb, _deps.Reporter));
            _locks = new ListenerLocks(_deps.Reporter, _deps.Clock, CallerAsync);
        }

        public Task<IReadOnlyList<TargetResult>> ResolveAsync(TargetSelection selection, CancellationToken ct) =>
            new TargetResolver(_deps.Elb).ResolveAsync(selection, ct);

        /// <summary>
        /// As <see cref="ResolveAsync"/>, looking the caller up at the same time: a command that proposes changes
        /// names the account and caller in its prompt and checks -AccountId before the first listener is planned.
        /// </summary>
        public Task<IReadOnlyList<TargetResult>> ResolveWithCallerAsync(TargetSelection selection, CancellationToken ct) =>
            WithCallerAsync(ResolveAsync(selection, ct), CallerAsync(ct));

        /// <summary>
        /// As <see cref="ResolveAsync"/> (<see cref="ResolveWithCallerAsync"/> when <paramref name="withCaller"/>), for Enable:
        /// the first listener named by ARN is read beside the calls that resolve it (see <see cref="ListenerReadAhead"/>),
        /// and <see cref="ReadForEnableAsync"/> takes that read. A read nobody takes is ended by <see cref="AbandonReadAheadAsync"/>.
        /// </summary>
        public async Task<IReadOnlyList<TargetResult>> ResolveForEnableAsync(TargetSelection selection, bool withCaller, CancellationToken ct)
        {
            var read = ListenerReadAhead.Start(selection, _reader, ct);
            IReadOnlyList<TargetResult> resolved;
            try
            {
                resolved = await (withCaller ? ResolveWithCallerAsync(selection, ct) : ResolveAsync(selection, ct)).ConfigureAwait(false);
            }
            catch
            {
                // The resolve's error is the one reported; the read ahead ends unobserved.
                await (read?.SettleAsync() ?? Task.CompletedTask).ConfigureAwait(false);
                throw;
            }

            await _readAhead.KeepOrSettleAsync(read, resolved).ConfigureAwait(false);
            return resolved;
        }

        /// <summary>Whether a read started by <see cref="ResolveForEnableAsync"/> waits to be taken or abandoned.</summary>
        public bool HasReadAhead => _readAhead.Pending;

        /// <summary>Ends a read started by <see cref="ResolveForEnableAsync"/> that no listener's plan took.</summary>
        public Task AbandonReadAheadAsync() => _readAhead.AbandonAsync();

        /// <summary>Where snapshots go when -StateUri is not given: the page's bucket, under maintenance-mode/.</summary>
        public static S3Uri DefaultStateLocation(S3Uri? requested, string? pageSource)
        {
            if (requested != null)
            {
                return requested;
            }

            if (pageSource != null && S3Uri.LooksLikeS3Uri(pageSource))
            {
                return S3Uri.Parse(pageSource).WithKey(DefaultStateFolder);
            }

            throw new MaintenanceModeException(ErrorIds.StateUriRequired,
                "The page is not in S3 (a local file or a redirect), so there is no page bucket to keep the listener's snapshot in. Pass -StateUri s3://BUCKET/PREFIX/ naming where snapshots are kept.");
        }

        /// <summary>What <see cref="PreviewEnable"/> needs to know of the listener (and its load balancer's rule count).</summary>
        public async Task<ListenerState> ReadForEnableAsync(ListenerTarget target, CancellationToken ct)
        {
            var caller = CallerAsync(ct);
            var read = _readAhead.Take(target)?.StateForAsync(target) ?? _reader.ReadAsync(target, countLoadBalancerRules: true, ct);
            var state = await WithCallerAsync(read, caller).ConfigureAwait(false);
            if (state.StateLocation == null)
            {
                return state;
            }

            // Already in maintenance: the preview plans as Enable will under the lock, the rules the snapshot lists
            // as the user's and the role-tagged rules the record does not list staying the user's.
            var store = _deps.Stores(S3Uri.ParsePrefix(state.StateLocation));
            var recordRead = new MaintenanceRecordStore(store, target.ListenerArn).ReadAsync(ct);
            var snapshot = await ReadSnapshotAsync(store, state, ct).ConfigureAwait(false);
            var record = (await recordRead.ConfigureAwait(false)).Record;
            return ModuleRuleLedger.Check(snapshot == null ? state : state.WithUserRules(snapshot.UserRuleArns), record).State;
        }

        /// <summary>The plan and the routes it gives, for the listener as read: no call.</summary>
        public MaintenancePreview PreviewEnable(ListenerTarget target, ListenerState state, MaintenanceSettings settings, S3Uri? requestedLocation)
        {
            var location = LocationFor(state, settings, requestedLocation);
            // The digest is of the snapshot written under the lock; until then the preview can only name it.
            var tag = state.StateLocation == location.ToString() && state.StateTag != null ? state.StateTag : StateTag.Format(location.ToString(), "(digest of the snapshot)");
            var plan = MaintenancePlanner.PlanEnable(state, settings, tag);
            foreach (var warning in OtherOwners.Warnings(state))
            {
                _deps.Reporter.Warning(warning);
            }

            return new MaintenancePreview(target, state, plan, location, () => SampleRoutes.Describe(PlanSimulator.Apply(state, plan), settings));
        }

        /// <summary>Applies what <paramref name="preview"/> showed, planned again under the lock.</summary>
        public async Task<MaintenanceStatus> EnableAsync(MaintenancePreview preview, MaintenanceSettings settings, S3Uri? requestedLocation, CancellationToken ct)
        {
            var target = preview.Target;
            var lockStore = _deps.Stores(preview.Location!);
            var held = await AcquireLockAsync(lockStore, target.ListenerArn, "Enable-Maintenance", ct).ConfigureAwait(false);
            try
            {
                // Plan again under the lock: another run may have finished in between (and may even
                // have moved the state elsewhere; the snapshot then goes where the listener says).
                var state = await _reader.ReadAsync(target, countLoadBalancerRules: true, ct).ConfigureAwait(false);
                return await EnableUnderLockAsync(target, state, settings, requestedLocation, readBeforeLock: false, ct).ConfigureAwait(false);
            }
            finally
            {
                await ReleaseAsync(lockStore, held).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Enable when no preview is shown (-Force), first half: the listener read once, while the page still loads,
        /// instead of once for a preview nobody sees and again under the lock. Nothing is written yet.
        /// </summary>
        /// <remarks>
        /// The lock keeps two runs from changing the listener at once; it cannot make a read see another run's last
        /// changes (on AWS a read lags writes by seconds, lock or not). What guards the original is the snapshot:
        /// every run that changes the listener first writes it create-only, and keeps it, and the listener's state
        /// tag, until Disable has undone every change. So a read made before the lock is trusted only for a listener
        /// that reads clean (no state tag, none of the module's rules) and whose create-only snapshot write then
        /// succeeds under the lock: had another run left any change in effect, its snapshot would be in the way.
        /// Any other case (a listener in maintenance or partly so, a snapshot already there) is read again under
        /// the lock, as <see cref="EnableAsync"/> does. The lock is taken only after the plan is known to be
        /// possible, so input refused for what the listener shows writes nothing, not even a lock. What is not
        /// covered is what the lock never covered either: a concurrent Enable with another -StateUri locks elsewhere.
        /// </remarks>
        public async Task<EnableStart> StartEnableWithoutPreviewAsync(ListenerTarget target, CancellationToken ct) =>
            new EnableStart(target, await ReadForEnableAsync(target, ct).ConfigureAwait(false));

        /// <summary>Lets what <see cref="StartEnableWithoutPreviewAsync"/> started end, when the command stops before going on (a page it cannot use).</summary>
        public Task AbandonAsync(Task<EnableStart> start) => SideCall.SettleAsync(start);

        /// <summary>Enable when no preview is shown (-Force), second half: plan from the read, lock, snapshot, change.</summary>
        public async Task<MaintenanceStatus> EnableWithoutPreviewAsync(Task<EnableStart> start, MaintenanceSettings settings, S3Uri? requestedLocation, CancellationToken ct)
        {
            var (target, state) = await start.ConfigureAwait(false);
            // The same warnings a preview gives, and the same refusals, before anything is written.
            var preview = PreviewEnable(target, state, settings, requestedLocation);
            if (state.StateLocation != null || state.HasModuleChanges)
            {
                return await EnableAsync(preview, settings, requestedLocation, ct).ConfigureAwait(false);
            }

            var lockStore = _deps.Stores(preview.Location!);
            var held = await AcquireLockAsync(lockStore, target.ListenerArn, "Enable-Maintenance", ct).ConfigureAwait(false);
            try
            {
                try
                {
                    return await EnableUnderLockAsync(target, state, settings, requestedLocation, readBeforeLock: true, ct).ConfigureAwait(false);
                }
                catch (StaleListenerReadException)
                {
                    _deps.Reporter.Verbose($"a snapshot of {target} is already there: reading the listener again under the lock");
                }

                state = await _reader.ReadAsync(target, countLoadBalancerRules: true, ct).ConfigureAwait(false);
                return await EnableUnderLockAsync(target, state, settings, requestedLocation, readBeforeLock: false, ct).ConfigureAwait(false);
            }
            finally
            {
                await ReleaseAsync(lockStore, held).ConfigureAwait(false);
            }
        }

        /// <param name="readBeforeLock">The state was read before the lock was taken, not after: a snapshot already
        /// in the way stops the run with <see cref="StaleListenerReadException"/> (nothing changed) instead of being judged from it.</param>
        private async Task<MaintenanceStatus> EnableUnderLockAsync(ListenerTarget target, ListenerState state, MaintenanceSettings settings, S3Uri? requestedLocation, bool readBeforeLock, CancellationToken ct)
        {
            var location = LocationFor(state, settings, requestedLocation);
            var store = _deps.Stores(location);
            var snapshotKey = store.Layout.SnapshotKey(target.ListenerArn);
            // A listener that reads clean is planned before its snapshot is written, so the snapshot can name the move
            // that goes beside the listener's tag (and input refused for what the listener shows writes nothing).
            var movesBesideTag = state.StateLocation == null && !state.HasModuleChanges
                ? TagBesideMoves.Find(MaintenancePlanner.PlanEnable(state, settings, StateTag.Format(location.ToString(), "(digest of the snapshot)")))?.Moves
                : null;
            var (written, snapshot, tag) = await EnsureSnapshotAsync(store, snapshotKey, state, readBeforeLock, movesBesideTag, ct).ConfigureAwait(false);
            if (written == null && snapshot != null)
            {
                // A listener already in maintenance: the rules its snapshot lists as the user's stay the user's.
                state = state.WithUserRules(snapshot.UserRuleArns);
            }

            // Only the rules the record lists are the module's; with none on the listener, a record there is left over.
            var records = new MaintenanceRecordStore(store, target.ListenerArn);
            var (previousRecord, storedRecord) = state.HasModuleChanges ? await records.ReadAsync(ct).ConfigureAwait(false) : (null, null);
            var ledger = CheckLedger(state, previousRecord);
            state = ledger.State;
            var inherit = state.HasModuleChanges;

            MaintenancePlan plan;
            try
            {
                plan = MaintenancePlanner.PlanEnable(state, settings, tag);
            }
            catch (Exception) when (written != null)
            {
                // Refused before any change (the listener changed since the preview): the snapshot describes nothing in effect.
                await TryAsync(() => store.DeleteAsync(snapshotKey, written, CancellationToken.None)).ConfigureAwait(false);
                throw;
            }

            // The record names the rules to be created before the first of them is: a run that dies after CreateRule
            // leaves a rule the record names. The write goes beside the steps before that call (the listener's tag,
            // the priority moves), not in front of them: one round trip less before the flip.
            Task<(MaintenanceRecord Record, StoredObject Stored)>? intendedWrite = null;
            if (plan.Steps.OfType<CreateRuleStep>().Any())
            {
                var intended = ledger.BeforeRun(plan);
                var known = storedRecord;
                intendedWrite = WriteIntendedAsync();
                async Task<(MaintenanceRecord, StoredObject)> WriteIntendedAsync()
                {
                    var caller = await CallerAsync(ct).ConfigureAwait(false);
                    return await records.WriteAsync(previous => WithRules(NewRecord(target, settings, inherit ? previous : null, caller), intended), known, ct).ConfigureAwait(false);
                }
            }

            IReadOnlyList<Aws.Elbv2.Rule> created;
            try
            {
                // The tag and the priority move side by side only when the snapshot this run wrote names that move.
                var pair = TagBesideMoves.Find(plan);
                var besideTag = written != null && pair != null && TagBesideMoves.SameMoves(pair, snapshot?.MovesBesideTag) ? pair : null;
                created = await new PlanRunner(_deps.Elb, _deps.Reporter, _deps.Reads).RunAsync(plan, $"Enable-Maintenance {target}", ct, beforeFirstCreate: intendedWrite, besideTag: besideTag).ConfigureAwait(false);
                storedRecord = intendedWrite == null ? storedRecord : (await intendedWrite.ConfigureAwait(false)).Stored;
            }
            catch (PlanFailedException failure)
            {
                if (intendedWrite != null)
                {
                    // A step before the first CreateRule failed while the record was being written: it may be there.
                    await SideCall.SettleAsync(intendedWrite).ConfigureAwait(false);
                    storedRecord = intendedWrite.Status == TaskStatus.RanToCompletion ? intendedWrite.Result.Stored : storedRecord;
                }

                var (asBefore, error) = await CheckAfterFailureAsync(failure, state, tag, "Enable-Maintenance", target).ConfigureAwait(false);
                if (asBefore && failure.RolledBack && written != null)
                {
                    // The listener reads back as it was: the snapshot just written describes nothing in effect.
                    await TryAsync(() => store.DeleteAsync(snapshotKey, written, CancellationToken.None)).ConfigureAwait(false);
                    if (storedRecord != null && !inherit)
                    {
                        await TryAsync(() => store.DeleteAsync(records.Key, storedRecord.ETag, CancellationToken.None)).ConfigureAwait(false);
                    }
                }

                throw error;
            }

            // The status is read back, until the read shows this run's writes, rather than derived from the plan: on
            // AWS reads lag writes, and a command run right after this one (a Disable, a status) must not plan from a
            // read that does not show them yet. The record and the read touch different things: one round trip for both.
            var recordWrite = WriteRecordAsync(records, storedRecord, inherit, target, settings, ledger.AfterRun(plan, created), ct);
            var statusRead = ReadAfterOwnWritesAsync(target, s => EnabledAsPlanned(s, location.ToString(), plan, created), ct);
            var record = await recordWrite.ConfigureAwait(false);
            return await StatusAsync(target, ct, knownRecord: record, knownSnapshot: snapshot, knownState: statusRead, knownStore: store).ConfigureAwait(false);
        }

        public Task<MaintenancePreview> PrepareDisableAsync(ListenerTarget target, CancellationToken ct) => PrepareDisableAsync(target, null, warned: false, ct);

        /// <param name="warned">True when the preview already gave the ledger's warning: the plan under the lock does not repeat it.</param>
        /// <param name="knownStore">Where the snapshot is, when the command knows already (under the lock): its object
        /// is then fetched beside the listener's read, one round trip instead of two, and checked against the tag read.</param>
        private async Task<MaintenancePreview> PrepareDisableAsync(ListenerTarget target, SnapshotStore? knownStore, bool warned, CancellationToken ct)
        {
            // Where the snapshot and the record are known already, both are fetched beside the listener's read.
            var fetch = knownStore?.GetAsync(knownStore.Layout.SnapshotKey(target.ListenerArn), ct);
            var knownRecordRead = knownStore == null ? null : new MaintenanceRecordStore(knownStore, target.ListenerArn).ReadAsync(ct);
            ListenerState state;
            try
            {
                // A listener that reads as not in maintenance may be one an Enable changed a moment ago, whose
                // changes reads do not show yet: read again for a while before concluding there is nothing to do.
                state = await _deps.Reads.Brief.UntilAsync(() => _reader.ReadAsync(target, countLoadBalancerRules: false, ct), s => s.HasModuleChanges, ct).ConfigureAwait(false);
            }
            catch
            {
                await SettleAsync(fetch, knownRecordRead).ConfigureAwait(false);
                throw;
            }

            var location = state.StateLocation == null ? null : S3Uri.ParsePrefix(state.StateLocation);
            if (location == null || (knownStore != null && !knownStore.Location.Equals(location)))
            {
                // Not where the command thought: what was fetched from there does not count.
                await SettleAsync(fetch, knownRecordRead).ConfigureAwait(false);
                fetch = null;
                knownRecordRead = null;
            }

            if (location == null)
            {
                // The module's rules without the listener's tag: no record to go by, only their role tag.

                var untagged = MaintenancePlanner.PlanDisable(state, null);
                return new MaintenancePreview(target, state, untagged, null, () => SampleRoutes.Describe(PlanSimulator.Apply(state, untagged), null));
            }

            // The snapshot and the record, read at once: the record says which role-tagged rules are the module's.
            var store = fetch != null ? knownStore! : _deps.Stores(location);
            var recordRead = knownRecordRead ?? new MaintenanceRecordStore(store, target.ListenerArn).ReadAsync(ct);
            ListenerSnapshot? snapshot;
            try
            {
                snapshot = fetch != null
                    ? SnapshotOf(store, state, await fetch.ConfigureAwait(false))
                    : await WithCallerAsync(ReadSnapshotAsync(store, state, ct), CallerAsync(ct)).ConfigureAwait(false);
            }
            catch
            {
                await SideCall.SettleAsync(recordRead).ConfigureAwait(false);
                throw;
            }

            var record = (await recordRead.ConfigureAwait(false)).Record;
            var ledger = warned ? ModuleRuleLedger.Check(state, record) : CheckLedger(state, record);
            state = ledger.State;
            var plan = MaintenancePlanner.PlanDisable(state, snapshot);
            var checkedState = state;
            return new MaintenancePreview(target, state, plan, location, () => SampleRoutes.Describe(PlanSimulator.Apply(checkedState, plan), null));
        }

        private static async Task SettleAsync(params Task?[] calls)
        {
            foreach (var call in calls)
            {
                if (call != null)
                {
                    await SideCall.SettleAsync(call).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Disable when no preview is shown (-Force): the snapshot is read only under the lock, not also before it for
        /// a preview, and the lock's place comes from the listener's state tag alone (one DescribeTags) instead of a
        /// whole read of the listener. Under the lock the listener is read again, as always: another run may have
        /// changed it since (a re-Enable keeps the snapshot, so only a read shows what it did).
        /// </summary>
        public async Task<MaintenanceStatus> DisableWithoutPreviewAsync(ListenerTarget target, CancellationToken ct)
        {
            var tags = await WithCallerAsync(_deps.Elb.DescribeTagsAsync(new[] { target.ListenerArn }, ct), CallerAsync(ct)).ConfigureAwait(false);
            var stateTag = tags.TryGetValue(target.ListenerArn, out var listenerTags) ? ModuleTags.Find(listenerTags, ModuleTags.State) : null;
            if (stateTag == null)
            {
                // Not in maintenance, partly (module rules without the tag), or a tag that reads do not show yet: the
                // whole read decides, and waits out the lag, as with a preview.
                return await DisableAsync(await PrepareDisableAsync(target, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            }

            var store = _deps.Stores(S3Uri.ParsePrefix(StateTag.LocationOf(stateTag)));
            var held = await AcquireLockAsync(store, target.ListenerArn, "Disable-Maintenance", ct).ConfigureAwait(false);
            try
            {
                return await DisableUnderLockAsync(target, store, stateTag, warned: false, ct).ConfigureAwait(false);
            }
            finally
            {
                await ReleaseAsync(store, held).ConfigureAwait(false);
            }
        }

        /// <summary>Applies what <paramref name="preview"/> showed, planned again under the lock.</summary>
        public async Task<MaintenanceStatus> DisableAsync(MaintenancePreview preview, CancellationToken ct)
        {
            var target = preview.Target;
            if (!preview.State.HasModuleChanges)
            {
                _deps.Reporter.Warning($"{target} is not in maintenance; nothing was changed. Should an Enable-Maintenance run have stopped on it before tagging it, its snapshot still holds the original priorities: run Enable-Maintenance again, which finds it, then Disable-Maintenance.");
                return StatusOf(preview.State, null, null, null);
            }

            if (preview.Location == null)
            {
                // Module rules without the listener tag: remove them; there is no snapshot to restore from.
                await new PlanRunner(_deps.Elb, _deps.Reporter, _deps.Reads).RunAsync(preview.Plan, $"Disable-Maintenance {target}", ct).ConfigureAwait(false);
                Warn(preview.Plan);
                return await StatusAsync(target, ct, knownState: ReadAfterOwnWritesAsync(target, s => !s.HasModuleChanges, ct)).ConfigureAwait(false);
            }

            var store = _deps.Stores(preview.Location);
            var held = await AcquireLockAsync(store, target.ListenerArn, "Disable-Maintenance", ct).ConfigureAwait(false);
            try
            {
                return await DisableUnderLockAsync(target, store, preview.State.StateTag ?? preview.Location.ToString(), warned: true, ct).ConfigureAwait(false);
            }
            finally
            {
                await ReleaseAsync(store, held).ConfigureAwait(false);
            }
        }

        /// <param name="knownTag">The state tag the listener showed before the lock, for the recovery check should the read under the lock show none.</param>
        private async Task<MaintenanceStatus> DisableUnderLockAsync(ListenerTarget target, SnapshotStore store, string knownTag, bool warned, CancellationToken ct)
        {
            var again = await PrepareDisableAsync(target, store, warned, ct).ConfigureAwait(false);
            try
            {
                await new PlanRunner(_deps.Elb, _deps.Reporter, _deps.Reads).RunAsync(again.Plan, $"Disable-Maintenance {target}", ct).ConfigureAwait(false);
            }
            catch (PlanFailedException failure)
            {
                throw (await CheckAfterFailureAsync(failure, again.State, again.State.StateTag ?? knownTag, "Disable-Maintenance", target).ConfigureAwait(false)).Error;
            }
            Warn(again.Plan);

            // Only now, with the listener back and untagged, do the snapshot and record go. They and the status read
            // (as Enable's, until the read shows the restore) touch different things: side by side, all before the
            // lock is released. Either object left by a run that stops here is found stale by the next Enable.
            var snapshotKey = store.Layout.SnapshotKey(target.ListenerArn);
            var removals = Task.WhenAll(
                TryAsync(() => store.DeleteAsync(MaintenanceRecordStore.KeyFor(snapshotKey), null, CancellationToken.None)),
                TryAsync(() => store.DeleteAsync(snapshotKey, null, CancellationToken.None)));
            MaintenanceStatus status;
            try
            {
                status = await StatusAsync(target, ct, knownState: ReadAfterOwnWritesAsync(target, s => !s.HasModuleChanges, ct)).ConfigureAwait(false);
            }
            finally
            {
                await removals.ConfigureAwait(false);
            }

            status.Drift = again.Plan.Drift;
            return status;
        }

        /// <summary>
        /// The lock of a listener, for Unlock-Maintenance: in the state location the listener names, or in
        /// <paramref name="requestedLocation"/> when it names none (a run that died before tagging it).
        /// </summary>
        /// <returns>Null when the listener is not locked.</returns>
        public async Task<MaintenanceLock?> FindLockAsync(ListenerTarget target, S3Uri? requestedLocation, CancellationToken ct)
        {
            var state = await _reader.ReadAsync(target, countLoadBalancerRules: false, ct).ConfigureAwait(false);
            var location = state.StateLocation != null ? S3Uri.ParsePrefix(state.StateLocation) : requestedLocation
                ?? throw new MaintenanceModeException(ErrorIds.StateUriRequired,
                    $"{target} names no state location ({ModuleTags.State}), so its lock cannot be found. Pass -StateUri with the location the run used: -StateUri of Enable-Maintenance, or the page's bucket with the prefix {DefaultStateFolder}.");
            if (state.StateLocation != null && requestedLocation != null && !requestedLocation.Equals(location))
            {
                _deps.Reporter.Warning($"{target} keeps its state at {location}; -StateUri {requestedLocation} is ignored.");
            }

            var store = _deps.Stores(location);
            var held = await new OperationLock(store).ReadAsync(target.ListenerArn, ct).ConfigureAwait(false);
            return held == null ? null
                : new MaintenanceLock(target.ListenerArn, location, held, LockHolder.Judge(held.Record, _deps.Clock()));
        }

        /// <summary>Removes the lock version <paramref name="found"/> read; a lock retaken since is left in place (<c>LockChanged</c>).</summary>
        public async Task<MaintenanceLock> BreakLockAsync(MaintenanceLock found, CancellationToken ct)
        {
            var store = _deps.Stores(found.StateLocation);
            found.Removed = await new OperationLock(store).BreakAsync(found.Held, ct).ConfigureAwait(false);
            return found;
        }

        public Task<MaintenanceStatus> GetStatusAsync(ListenerTarget target, CancellationToken ct) => StatusAsync(target, ct);

        /// <param name="knownRecord">The record just written, if any: not read again.</param>
        /// <param name="knownSnapshot">The snapshot this command wrote or read under its lock, if any: not read again.</param>
        /// <param name="knownState">A read of the listener already under way, if any.</param>
        /// <param name="knownStore">The store this command wrote or read the snapshot through, which knows how S3 encrypted it.</param>
        private async Task<MaintenanceStatus> StatusAsync(ListenerTarget target, CancellationToken ct, MaintenanceRecord? knownRecord = null, ListenerSnapshot? knownSnapshot = null, Task<ListenerState>? knownState = null, SnapshotStore? knownStore = null)
        {
            var state = await (knownState ?? _reader.ReadAsync(target, countLoadBalancerRules: false, ct)).ConfigureAwait(false);
            if (state.StateLocation == null)
            {
                return StatusOf(state, null, null, null);
            }

            var location = S3Uri.ParsePrefix(state.StateLocation);
            var store = knownStore != null && knownStore.Location.Equals(location) ? knownStore : _deps.Stores(location);
            var snapshotKey = store.Layout.SnapshotKey(target.ListenerArn);
            var record = knownRecord ?? (await new MaintenanceRecordStore(store, target.ListenerArn).ReadAsync(ct).ConfigureAwait(false)).Record;
            var snapshot = knownSnapshot ?? await ReadSnapshotAsync(store, state, ct).ConfigureAwait(false);
            // A role-tagged rule the record does not list is not the module's: drift, not part of maintenance.
            state = ModuleRuleLedger.Check(state, record).State;
            var drift = snapshot == null ? new List<RuleDrift>() : DriftDetector.Compare(snapshot, state);
            var status = StatusOf(state, record, location.WithKey(snapshotKey).ToString(), drift);
            status.SnapshotEncryption = snapshot == null ? null : store.EncryptionOf(snapshotKey);
            return status;
        }

        private static MaintenanceStatus StatusOf(ListenerState state, MaintenanceRecord? record, string? snapshotUri, IReadOnlyList<RuleDrift>? drift)
        {
            var page = state.MaintenanceRule;
            var fixedResponse = page?.Actions?.FirstOrDefault(a => a.FixedResponseConfig != null)?.FixedResponseConfig;
            var redirects = page?.Actions?.Any(a => a.RedirectConfig != null) == true;
            var arn = Aws.AwsArn.TryParse(state.ListenerArn);
            return new MaintenanceStatus
            {
                ListenerArn = state.ListenerArn,
                AccountId = arn?.Account,
                Region = arn?.Region,
                LoadBalancerArn = state.LoadBalancer.LoadBalancerArn,
                LoadBalancerName = state.LoadBalancer.LoadBalancerName,
                Port = state.Listener.Port,
                Protocol = state.Listener.Protocol,
                Enabled = page != null,
                State = page != null && state.StateLocation != null ? "On" : state.HasModuleChanges ? "Partial" : "Off",
                Since = page == null ? null : record?.Since,
                Reason = page == null ? null : record?.Reason,
                EnabledBy = page == null ? null : record?.EnabledBy,
                StatusCode = redirects ? 302 : fixedResponse?.StatusCode == null ? (int?)null : int.Parse(fixedResponse.StatusCode, System.Globalization.CultureInfo.InvariantCulture),
                PageUri = page == null ? null : record?.PageUri,
                AllowSourceIp = page == null ? Array.Empty<string>() : (record?.AllowSourceIp ?? new List<string>()).ToArray(),
                AllowHeaderName = page == null ? Array.Empty<string>() : (record?.AllowHeaderNames ?? new List<string>()).ToArray(),
                AllowPath = page == null ? Array.Empty<string>() : (record?.AllowPath ?? new List<string>()).ToArray(),
                AllowHost = page == null ? Array.Empty<string>() : (record?.AllowHost ?? new List<string>()).ToArray(),
                RedirectUrl = page == null ? null : record?.RedirectUrl,
                ApiPathPattern = page == null ? Array.Empty<string>() : (record?.ApiPathPattern ?? new List<string>()).ToArray(),
                BypassRuleCount = state.BypassRules.Count,
                SampleRoutes = SampleRoutes.Describe(state, null, page == null ? null : record).ToArray(),
                SnapshotUri = snapshotUri,
                Drift = drift ?? Array.Empty<RuleDrift>(),
            };
        }

        private S3Uri LocationFor(ListenerState state, MaintenanceSettings settings, S3Uri? requested)
        {
            if (state.StateLocation != null)
            {
                var existing = S3Uri.ParsePrefix(state.StateLocation);
                if (requested != null && !requested.Equals(existing))
                {
                    _deps.Reporter.Warning($"{state.Listener.ListenerArn} already keeps its snapshot at {existing}; -StateUri {requested} is ignored so the first snapshot stays the one that counts.");
                }

                return existing;
            }

            return DefaultStateLocation(requested, settings.PageSource);
        }

        /// <summary>
        /// Writes the snapshot create-only, before the first change. A snapshot already there while
        /// the listener carries none of the module's changes is left over from a run that never
        /// changed anything (or a Disable that finished): it describes the listener as it is, so it
        /// is replaced; unless the listener is exactly what an Enable killed between its priority move
        /// and its tag leaves (<see cref="InterruptedEnable"/>): that snapshot is the original, and kept.
        /// Returns the ETag written (null when the existing snapshot is kept), the snapshot in effect
        /// when this command knows it (null when it would take another read), and the value of the
        /// listener's state tag: the location and the digest of the snapshot in effect.
        /// </summary>
        private async Task<(string? ETag, ListenerSnapshot? Snapshot, string Tag)> EnsureSnapshotAsync(SnapshotStore store, string key, ListenerState state, bool readBeforeLock, IReadOnlyList<RulePriorityPair>? movesBesideTag, CancellationToken ct)
        {
            var location = store.Location.ToString();
            if (state.StateLocation != null)
            {
                var kept = await ReadSnapshotAsync(store, state, ct).ConfigureAwait(false);
                if (kept == null)
                {
                    throw new MaintenanceModeException(ErrorIds.SnapshotMissing,
                        $"Listener {state.ListenerArn} is in maintenance, but its snapshot s3://{store.Location.Bucket}/{key} is gone. Nothing was changed. Run Disable-Maintenance to remove the module's rules (the user's rules keep their order), then enable again.");
                }

                return (null, kept, state.StateTag!);
            }

            var snapshot = ListenerSnapshot.Capture(state, _deps.Clock(), await CallerAsync(ct).ConfigureAwait(false), _deps.ModuleVersion, movesBesideTag);
            var json = snapshot.ToJson();
            var tag = StateTag.Format(location, StateTag.Digest(json));
            try
            {
                var eTag = await store.PutNewAsync(key, json, ct).ConfigureAwait(false);
                _deps.Reporter.Verbose($"snapshot written to s3://{store.Location.Bucket}/{key}");
                return (eTag, snapshot, tag);
            }
            catch (SnapshotAlreadyExistsException)
            {
                var existing = await store.GetAsync(key, ct).ConfigureAwait(false);
                if (readBeforeLock && existing?.Content != json)
                {
                    // Another run's snapshot: the state read before the lock may predate its changes.
                    throw new StaleListenerReadException();
                }

                if (existing == null)
                {
                    return (await store.PutNewAsync(key, json, ct).ConfigureAwait(false), snapshot, tag);
                }

                if (existing.Content == json)
                {
                    // This run's own snapshot: the first attempt of the write took effect, its reply was lost.
                    return (existing.ETag, snapshot, tag);
                }

                if (state.HasModuleChanges)
                {
                    // The module's rules without the tag (an interrupted undo): the snapshot there describes the listener before them.
                    return (null, null, StateTag.Format(location, StateTag.Digest(existing.Content)));
                }

                var interrupted = InterruptedSnapshotOf(existing.Content, store, key, state);
                if (interrupted != null)
                {
                    _deps.Reporter.Warning($"{state.ListenerArn} shows the priority move of an Enable-Maintenance run that stopped before tagging the listener; its snapshot s3://{store.Location.Bucket}/{key} holds the original priorities and is kept. Enabling from the listener as it is.");
                    return (null, interrupted, StateTag.Format(location, StateTag.Digest(existing.Content)));
                }

                _deps.Reporter.Verbose($"replacing the stale snapshot at s3://{store.Location.Bucket}/{key}; the listener carries none of the module's changes");
                return (await store.ReplaceAsync(key, json, existing.ETag, ct).ConfigureAwait(false), snapshot, tag);
            }
        }

        /// <summary>The snapshot in <paramref name="content"/> when the listener is what an Enable killed between its move and its tag left; null otherwise (a snapshot that does not read counts as stale, as before).</summary>
        private static ListenerSnapshot? InterruptedSnapshotOf(string content, SnapshotStore store, string key, ListenerState state)
        {
            ListenerSnapshot left;
            try
            {
                left = ListenerSnapshot.FromJson(content, $"s3://{store.Location.Bucket}/{key}", state.ListenerArn);
            }
            catch (MaintenanceModeException)
            {
                return null;
            }

            return InterruptedEnable.Recognises(left, state) ? left : null;
        }

        /// <summary>The snapshot the listener's state tag names, refused unless it is the one the tag's digest names.</summary>
        private async Task<ListenerSnapshot?> ReadSnapshotAsync(SnapshotStore store, ListenerState state, CancellationToken ct)
        {
            var stored = await store.GetAsync(store.Layout.SnapshotKey(state.ListenerArn), ct).ConfigureAwait(false);
            return SnapshotOf(store, state, stored);
        }

        /// <summary>The snapshot in <paramref name="stored"/> (null: none), refused unless it is the one the listener's state tag names.</summary>
        private static ListenerSnapshot? SnapshotOf(SnapshotStore store, ListenerState state, StoredObject? stored)
        {
            if (stored == null)
            {
                return null;
            }

            var uri = $"s3://{store.Location.Bucket}/{store.Layout.SnapshotKey(state.ListenerArn)}";
            StateTag.Verify(state.StateTag ?? string.Empty, stored.Content, uri, state.ListenerArn);
            return ListenerSnapshot.FromJson(stored.Content, uri, state.ListenerArn);
        }

        /// <summary>The ledger of the module's rules, its warning given (a record of an earlier version: the role tag alone decides).</summary>
        private ModuleRuleLedger CheckLedger(ListenerState state, MaintenanceRecord? record)
        {
            var ledger = ModuleRuleLedger.Check(state, record);
            if (ledger.Warning != null)
            {
                _deps.Reporter.Warning(ledger.Warning);
            }

            return ledger;
        }

        private static MaintenanceRecord WithRules(MaintenanceRecord record, List<ModuleRuleEntry> rules)
        {
            record.ModuleRules = rules;
            return record;
        }

        /// <summary>The record once the plan ran: who, why, and the module's rules by ARN. A failure only warns: the identities written before still name the rules.</summary>
        private async Task<MaintenanceRecord?> WriteRecordAsync(MaintenanceRecordStore records, StoredObject? known, bool inherit, ListenerTarget target, MaintenanceSettings settings, List<ModuleRuleEntry> rules, CancellationToken ct)
        {
            try
            {
                // A re-Enable (or a run cut short) keeps who turned maintenance on, and since when.
                var caller = await CallerAsync(ct).ConfigureAwait(false);
                return (await records.WriteAsync(previous => WithRules(NewRecord(target, settings, inherit || known != null ? previous : null, caller), rules), known, ct).ConfigureAwait(false)).Record;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // The listener is in maintenance; a missing record only leaves status without its reason.
                _deps.Reporter.Warning($"Maintenance is on, but the record of who and why could not be written to {records.Uri}: {ex.Message}");
                return null;
            }
        }

        private MaintenanceRecord NewRecord(ListenerTarget target, MaintenanceSettings settings, MaintenanceRecord? previous, string? caller)
        {
            var now = _deps.Clock();
            var arn = Aws.AwsArn.TryParse(target.ListenerArn);
            return new MaintenanceRecord
            {
                ListenerArn = target.ListenerArn,
                AccountId = arn?.Account,
                Region = arn?.Region,
                Since = previous?.Since ?? now,
                UpdatedAt = now,
                Reason = settings.Reason,
                EnabledBy = previous?.EnabledBy ?? caller,
                StatusCode = settings.StatusCode,
                PageUri = settings.PageSource,
                ContentType = settings.PageContentType,
                AllowSourceIp = settings.AllowSourceIp.Select(c => c.ToString()).ToList(),
                AllowHeaderNames = settings.AllowHeaders.Select(h => h.Name).ToList(),
                AllowPath = settings.AllowPaths.ToList(),
                AllowHost = settings.AllowHosts.ToList(),
                RedirectUrl = settings.RedirectUrl?.ToString(),
                ApiPathPattern = settings.ApiPathPatterns.ToList(),
            };
        }

        private Task<LockLease> AcquireLockAsync(SnapshotStore store, string listenerArn, string operation, CancellationToken ct) =>
            _locks.AcquireAsync(store, listenerArn, operation, ct);

        private Task ReleaseAsync(SnapshotStore store, LockLease lease) => _locks.ReleaseAsync(store, lease);

        /// <summary>
        /// After a failed plan. The runner undid every call it knows took effect, but a call whose response
        /// was lost may have taken effect all the same (its retries then fail, or find their work done), and
        /// the undo of the state tag may then have cut the listener off from its snapshot: a rerun would take
        /// the changed listener for the original (Enable) or find no snapshot (Disable), and the original
        /// priorities would be lost. So the listener is read back; unless it is exactly as before the run,
        /// it is tagged with its snapshot again and the error says so. Returns whether it read back as before.
        /// </summary>
        private async Task<(bool AsBefore, PlanFailedException Error)> CheckAfterFailureAsync(
            PlanFailedException failure, ListenerState before, string stateTag, string command, ListenerTarget target)
        {
            ListenerState after;
            try
            {
                // Right after the run's calls and their undo, a read may still show the listener as it was
                // before the run, hiding a call whose lost reply had taken effect: let the writes settle first.
                await _deps.Reads.SettleAsync(CancellationToken.None).ConfigureAwait(false);
                after = await _reader.ReadAsync(target, countLoadBalancerRules: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _deps.Reporter.Verbose($"could not read {target} back after the failure: {ex.Message}");
                return (false, failure);
            }

            if (ListenerLayout.Same(before, after))
            {
                return (true, failure);
            }

            if (after.StateTag != stateTag)
            {
                var tag = new[] { new Tag { Key = ModuleTags.State, Value = stateTag } };
                await TryAsync(() => _deps.Elb.AddTagsAsync(new[] { after.ListenerArn }, tag, CancellationToken.None)).ConfigureAwait(false);
            }

            if (!failure.RolledBack)
            {
                return (false, failure);
            }

            var error = failure.InnerException?.Message ?? failure.Message;
            var message = $"{command} {target} failed at {failure.FailedStep.Operation} ({failure.FailedStep.Describe()}): {error} "
                + "The calls known to have taken effect were undone, but the listener does not read back as it was before this run: "
                + $"a call whose response was lost had taken effect. Its snapshot stays at {StateTag.LocationOf(stateTag)} and the listener names it ({ModuleTags.State}), "
                + $"so nothing is lost: run {command} again to finish, or Disable-Maintenance to restore the listener exactly.";
            return (false, new PlanFailedException(failure.ErrorId, failure.Kind, message, failure.InnerException ?? failure, failure.FailedStep,
                new[] { failure.FailedStep }, failure.UndoErrors));
        }

        /// <summary>The listener, read until it shows what this command just did (reads lag writes on AWS), within bounds.</summary>
        private Task<ListenerState> ReadAfterOwnWritesAsync(ListenerTarget target, Func<ListenerState, bool> caughtUp, CancellationToken ct) =>
            _deps.Reads.UntilAsync(() => _reader.ReadAsync(target, countLoadBalancerRules: false, ct), caughtUp, ct);

        /// <summary>True when the listener reads as the Enable plan left it: tagged, with the page, with every rule it created and none it deleted.</summary>
        private static bool EnabledAsPlanned(ListenerState state, string location, MaintenancePlan plan, IReadOnlyList<Aws.Elbv2.Rule> created)
        {
            var deleted = plan.Steps.OfType<DeleteRuleStep>().Select(d => d.Rule.RuleArn).ToList();
            return state.StateLocation == location
                && state.MaintenanceRule != null
                && created.All(c => state.Rules.Any(r => r.RuleArn == c.RuleArn && state.RoleOf(r) != null))
                && state.Rules.All(r => !deleted.Contains(r.RuleArn));
        }

        /// <summary>Who is calling (sts:GetCallerIdentity), asked once per command.</summary>
        private Task<string?> CallerAsync(CancellationToken ct) => _caller ??= _deps.Identity.GetCallerArnAsync(ct);

        /// <summary>
        /// Runs <paramref name="read"/> while the caller is looked up, which the lock will need and which needs
        /// nothing of the listener; waits for both, so the lookup never outlives the call it rode along with
        /// (a warning it gives must reach the pipeline while that call is pumped).
        /// </summary>
        private async Task<T> WithCallerAsync<T>(Task<T> read, Task<string?> caller)
        {
            try
            {
                return await read.ConfigureAwait(false);
            }
            finally
            {
                // Its own failure is reported where the caller is used (the lock), not here.
                await SideCall.SettleAsync(caller).ConfigureAwait(false);
            }
        }

        private void Warn(MaintenancePlan plan)
        {
            foreach (var warning in plan.Warnings)
            {
                _deps.Reporter.Warning(warning);
            }

            foreach (var drift in plan.Drift)
            {
                _deps.Reporter.Warning($"Drift, left as it is: {drift}");
            }
        }

        private async Task TryAsync(Func<Task> action)
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _deps.Reporter.Verbose($"clean-up step skipped: {ex.Message}");
            }
        }
    }
}
