using System;
using System.IO;
using System.Runtime.InteropServices;

namespace MaintenanceMode.IO
{
    /// <summary>
    /// Whether a path names a regular file, asked before the file is opened: opening a FIFO blocks until
    /// someone writes to it, and a device such as /dev/zero never ends. .NET has no public API for the file
    /// type on Unix, so this asks the runtime's own native shim (System.Native), which .NET's FileSystem uses.
    /// </summary>
    internal static class FileKind
    {
        // PAL's S_IFMT bits as System.Native reports them (FileStatus.Mode, the second field).
        private const int TypeMask = 0xF000;
        private const int Regular = 0x8000;

        /// <summary>Null when <paramref name="path"/> is a regular file (after symbolic links), else what it is instead.</summary>
        public static string? NotRegular(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                var full = Path.GetFullPath(path);
                return full.StartsWith(@"\\.\", StringComparison.Ordinal) || (File.GetAttributes(full) & FileAttributes.Device) != 0
                    ? "a device" : null;
            }

            var status = new byte[512]; // FileStatus is about 120 bytes; room to spare for later runtimes
            try
            {
                if (Stat(path, status) != 0)
                {
                    return null; // gone or unreadable: the open that follows says so in its own words
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null; // a runtime without the shim: the read is still bounded
            }

            switch (BitConverter.ToInt32(status, 4) & TypeMask)
            {
                case Regular: return null;
                case 0x1000: return "a FIFO (named pipe)";
                case 0x2000: return "a character device";
                case 0x6000: return "a block device";
                case 0xC000: return "a socket";
                case 0x4000: return "a folder";
                default: return "not a regular file";
            }
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int Stat(string path, byte[] status);
    }
}
