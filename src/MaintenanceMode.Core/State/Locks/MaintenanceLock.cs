using System;
using MaintenanceMode.Aws.S3;

namespace MaintenanceMode.State.Locks
{
    /// <summary>A listener's lock as found (and, by Unlock-Maintenance, removed): where it is, who holds it, until when.</summary>
    public sealed class MaintenanceLock
    {
        internal MaintenanceLock(string listenerArn, S3Uri stateLocation, HeldLock held, LockHolderState holderState)
        {
            ListenerArn = listenerArn;
            StateLocation = stateLocation;
            LockUri = stateLocation.WithKey(held.Key).ToString();
            LockId = held.Record.LockId;
            Operation = held.Record.Operation;
            Owner = held.Record.Owner;
            Host = held.Record.Host;
            ProcessId = held.Record.ProcessId;
            StartedAt = held.Record.StartedAt;
            ExpiresAt = held.Record.ExpiresAt;
            HolderState = holderState.ToString();
            Held = held;
        }

        public string ListenerArn { get; }

        /// <summary>The lock object, <c>s3://bucket/prefix/locks/...json</c>.</summary>
        public string LockUri { get; }

        public string LockId { get; }

        public string Operation { get; }

        public string Owner { get; }

        public string Host { get; }

        public int ProcessId { get; }

        public DateTimeOffset StartedAt { get; }

        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>What this machine can tell of the holder: Running, Gone, Elsewhere or LeaseExpired.</summary>
        public string HolderState { get; }

        /// <summary>True once Unlock-Maintenance removed it.</summary>
        public bool Removed { get; internal set; }

        internal HeldLock Held { get; }

        internal S3Uri StateLocation { get; }

        /// <summary>For the confirmation prompt: what exactly goes.</summary>
        public string Describe() =>
            $"Remove the lock {LockUri} of {ListenerArn}, held by {Held.Record} (holder: {HolderState}). A run still holding it would go on without a lock.";
    }
}
