using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace MaintenanceMode.State.Locks
{
    /// <summary>
    /// Who holds a lock, in terms that cannot collide: the process space the holder ran in, its process id,
    /// and that process's start time. A host name is not enough: Unix cuts it at the first dot, and containers
    /// and CI runners share names while each has its own processes, so "same host, process gone" could clear
    /// the lock of a live run elsewhere. A process id alone is not enough either: ids are reused.
    /// </summary>
    public static class LockHolder
    {
        private const string UnknownStart = "unknown";

        private static readonly Lazy<string> CurrentSpace = new Lazy<string>(ReadProcessSpace);

        /// <summary>
        /// The process space of this process. On Linux the kernel's boot id (random at every boot) and the
        /// inode of the process's PID namespace: two containers on one host differ in the second, two hosts
        /// in the first. Elsewhere a random id kept in the user's local application data (persisted once),
        /// after /etc/machine-id where there is one.
        /// </summary>
        public static string ProcessSpace => CurrentSpace.Value;

        /// <summary>The start of a running process as an exact, comparable text; null when no such process runs.</summary>
        public static string? StartOf(int processId)
        {
            // Linux: the start in clock ticks since boot, an integer the kernel keeps; Process.StartTime is
            // derived from it and the boot time and can differ by a tick between two reads.
            var stat = TryRead($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            if (stat != null)
            {
                var fields = stat.Substring(stat.LastIndexOf(')') + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 19 ? "ticks:" + fields[19] : null;
            }

            if (Directory.Exists("/proc/self"))
            {
                return null;
            }

            try
            {
                using (var process = Process.GetProcessById(processId))
                {
                    return process.HasExited ? null : "utc:" + process.StartTime.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);
                }
            }
            catch (ArgumentException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return UnknownStart;
            }
        }

        /// <summary>This process's id and start.</summary>
        public static (int ProcessId, string? Start) Current()
        {
            using (var current = Process.GetCurrentProcess())
            {
                return (current.Id, StartOf(current.Id));
            }
        }

        /// <summary>What can be said of a lock's holder at <paramref name="now"/>, from this process.</summary>
        public static LockHolderState Judge(LockRecord holder, DateTimeOffset now)
        {
            if (holder == null) throw new ArgumentNullException(nameof(holder));
            if (holder.ExpiresAt.HasValue && now > holder.ExpiresAt.Value)
            {
                return LockHolderState.LeaseExpired;
            }

            if (string.IsNullOrEmpty(holder.ProcessSpace) || !string.Equals(holder.ProcessSpace, ProcessSpace, StringComparison.Ordinal))
            {
                return LockHolderState.Elsewhere;
            }

            var start = StartOf(holder.ProcessId);
            if (start == null)
            {
                return LockHolderState.Gone;
            }

            // A start that cannot be read (another user's process on Windows) is no proof of a reused id.
            if (holder.ProcessStart == null || start == UnknownStart)
            {
                return LockHolderState.Running;
            }

            return string.Equals(start, holder.ProcessStart, StringComparison.Ordinal) ? LockHolderState.Running : LockHolderState.Gone;
        }

        private static string ReadProcessSpace()
        {
            var bootId = TryRead("/proc/sys/kernel/random/boot_id")?.Trim();
            var pidNamespace = ReadLink("/proc/self/ns/pid");
            if (!string.IsNullOrEmpty(bootId) && !string.IsNullOrEmpty(pidNamespace))
            {
                return $"linux:{bootId}:{pidNamespace}";
            }

            var machineId = TryRead("/etc/machine-id")?.Trim();
            if (!string.IsNullOrEmpty(machineId))
            {
                return "machine-id:" + machineId;
            }

            return "random:" + PersistedRandomId();
        }

        private static string PersistedRandomId()
        {
            var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "MaintenanceMode");
            var file = Path.Combine(folder, "machine-id");
            try
            {
                var existing = TryRead(file)?.Trim();
                if (!string.IsNullOrEmpty(existing))
                {
                    return existing!;
                }

                Directory.CreateDirectory(folder);
                var id = Guid.NewGuid().ToString("N");
                using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
                {
                    var bytes = Encoding.ASCII.GetBytes(id);
                    stream.Write(bytes, 0, bytes.Length);
                }

                return id;
            }
            catch (IOException)
            {
                // Another process created it first, or the folder is read-only: read theirs, or use a
                // per-process id, which only makes this machine's locks wait for their lease.
                return TryRead(file)?.Trim() is { Length: > 0 } theirs ? theirs : Guid.NewGuid().ToString("N");
            }
            catch (UnauthorizedAccessException)
            {
                return Guid.NewGuid().ToString("N");
            }
        }

        private static string? TryRead(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        [DllImport("libc", EntryPoint = "readlink", SetLastError = true)]
        private static extern IntPtr NativeReadLink(string path, byte[] buffer, IntPtr size);

        private static string? ReadLink(string path)
        {
            if (!Directory.Exists("/proc/self"))
            {
                return null;
            }

            try
            {
                var buffer = new byte[256];
                var length = NativeReadLink(path, buffer, (IntPtr)buffer.Length).ToInt64();
                return length > 0 ? Encoding.UTF8.GetString(buffer, 0, (int)length) : null;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>What a process can tell of another's lock.</summary>
    public enum LockHolderState
    {
        /// <summary>Held by a process of this process space that still runs: a live run.</summary>
        Running,

        /// <summary>Held by a process of this process space that no longer runs (its id is free or reused): safe to clear.</summary>
        Gone,

        /// <summary>Held from another machine or container whose lease is still running: wait, or break it with Unlock-Maintenance.</summary>
        Elsewhere,

        /// <summary>Its lease ran out without renewal: the holder died or lost its connection; safe to clear.</summary>
        LeaseExpired,
    }
}
