using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MaintenanceMode.IO
{
    /// <summary>
    /// Files readable by their owner only (0600 on Unix), for what holds user rules' header values: a local
    /// snapshot. The mode is set when the file is created, never loosened then tightened, so no other user can
    /// open it in between. The APIs for it (FileStreamOptions.UnixCreateMode, File.SetUnixFileMode) came with
    /// .NET 7 and this assembly targets netstandard2.0, so they are found at run time.
    /// </summary>
    public static class OwnerOnlyFile
    {
        private const int UserReadWrite = 0x100 | 0x80; // UnixFileMode.UserRead | UserWrite

        /// <summary>Opens <paramref name="path"/> for writing (<see cref="FileMode.Create"/> or <see cref="FileMode.CreateNew"/>), owner-only.</summary>
        public static FileStream Open(string path, FileMode mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // A new file inherits the folder's ACL, as every other file the user writes there.
                return new FileStream(path, mode, FileAccess.Write, FileShare.None);
            }

            var stream = Create(path, mode) ?? new FileStream(path, mode, FileAccess.Write, FileShare.None);
            try
            {
                // An existing file being replaced keeps its mode on creation: tighten it before anything is written.
                SetMode(stream);
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private static FileStream? Create(string path, FileMode mode)
        {
            var optionsType = typeof(FileStream).Assembly.GetType("System.IO.FileStreamOptions");
            var modeType = typeof(FileStream).Assembly.GetType("System.IO.UnixFileMode");
            var constructor = optionsType == null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), optionsType });
            if (optionsType == null || modeType == null || constructor == null)
            {
                return null;
            }

            var options = Activator.CreateInstance(optionsType)!;
            optionsType.GetProperty("Mode")!.SetValue(options, mode);
            optionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
            optionsType.GetProperty("Share")!.SetValue(options, FileShare.None);
            optionsType.GetProperty("UnixCreateMode")!.SetValue(options, Enum.ToObject(modeType, UserReadWrite));
            try
            {
                return (FileStream)constructor.Invoke(new object[] { path, options });
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                // The caller handles IOException (the file exists), DirectoryNotFoundException and the rest.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        private static void SetMode(FileStream stream)
        {
            var modeType = typeof(FileStream).Assembly.GetType("System.IO.UnixFileMode");
            var setMode = modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(Microsoft.Win32.SafeHandles.SafeFileHandle), modeType });
            setMode?.Invoke(null, new object[] { stream.SafeFileHandle, Enum.ToObject(modeType!, UserReadWrite) });
        }
    }
}
