using System;
using System.Diagnostics;

namespace MaintenanceMode.Aws.S3
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

        public string Host { get; set; } = string.Empty;

        public int ProcessId { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        /// <summary>What, for example <c>Enable-Maintenance</c>.</summary>
        public string Operation { get; set; } = string.Empty;

        /// <summary>A record for this process with a fresh lock id.</summary>
        public static LockRecord ForCurrentProcess(string scope, string owner, string operation, DateTimeOffset startedAt)
        {
            int pid;
            using (Process current = Process.GetCurrentProcess())
            {
                pid = current.Id;
            }

            return new LockRecord
            {
                LockId = Guid.NewGuid().ToString("N"),
                Scope = scope,
                Owner = owner,
                Host = Environment.MachineName,
                ProcessId = pid,
                StartedAt = startedAt,
                Operation = operation,
            };
        }

        public override string ToString() =>
            $"'{Operation}' by {Owner} on {Host} (process {ProcessId}) since {StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, lock id {LockId}";
    }
}
