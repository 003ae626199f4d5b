using System;

namespace MaintenanceMode.State.Locks
{
    /// <summary>
    /// What a lock object holds: who took it, where, when and for what. Serialized as JSON into the lock object,
    /// so it is what a person sees when an operation is refused. A mutable POCO for System.Text.Json.
    /// </summary>
    public sealed class LockRecord
    {
        /// <summary>A random id: clearing a stale lock requires it, so nobody clears a lock they have not looked at.</summary>
        public string LockId { get; set; } = string.Empty;

        /// <summary>The ARN the lock covers (a load balancer or listener).</summary>
        public string Scope { get; set; } = string.Empty;

        /// <summary>Who: the caller's identity (an IAM ARN or user name).</summary>
        public string Owner { get; set; } = string.Empty;

        /// <summary>The host name, for people; the holder is told apart by <see cref="ProcessSpace"/>.</summary>
        public string Host { get; set; } = string.Empty;

        /// <summary>The machine, or container, whose processes <see cref="ProcessId"/> counts: see <see cref="LockHolder.ProcessSpace"/>.</summary>
        public string? ProcessSpace { get; set; }

        public int ProcessId { get; set; }

        /// <summary>When the holding process started, so a process id reused by another process is not taken for the holder.</summary>
        public string? ProcessStart { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        /// <summary>
        /// The end of the lease: the holder renews it while it runs; past it, the lock is left over from a run
        /// that died (or lost its connection) and any run may clear it. Null in locks of earlier versions.
        /// </summary>
        public DateTimeOffset? ExpiresAt { get; set; }

        /// <summary>What, for example <c>Enable-Maintenance</c>.</summary>
        public string Operation { get; set; } = string.Empty;

        /// <summary>A record for this process with a fresh lock id and a lease of <paramref name="lease"/> from <paramref name="startedAt"/>.</summary>
        public static LockRecord ForCurrentProcess(string scope, string owner, string operation, DateTimeOffset startedAt, TimeSpan lease)
        {
            var (pid, start) = LockHolder.Current();
            return new LockRecord
            {
                LockId = Guid.NewGuid().ToString("N"),
                Scope = scope,
                Owner = owner,
                Host = Environment.MachineName,
                ProcessSpace = LockHolder.ProcessSpace,
                ProcessId = pid,
                ProcessStart = start,
                StartedAt = startedAt,
                ExpiresAt = startedAt + lease,
                Operation = operation,
            };
        }

        /// <summary>The same record with its lease ending at <paramref name="expiresAt"/>.</summary>
        public LockRecord RenewedUntil(DateTimeOffset expiresAt)
        {
            var renewed = (LockRecord)MemberwiseClone();
            renewed.ExpiresAt = expiresAt;
            return renewed;
        }

        public override string ToString() =>
            $"'{Operation}' by {Owner} on {Host} (process {ProcessId}) since {StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"
            + (ExpiresAt.HasValue ? $", lease until {ExpiresAt.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : ", no lease")
            + $", lock id {LockId}";
    }
}
