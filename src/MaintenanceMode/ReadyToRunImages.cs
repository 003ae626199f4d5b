using System;
using System.IO;

namespace MaintenanceMode
{
    /// <summary>
    /// Precompiled (ReadyToRun) copies of the files in bin/dependencies/, which build.ps1 Build makes for the
    /// runtime it builds on: bin/ready-to-run/&lt;framework&gt;-&lt;runtime identifier&gt;/, for example
    /// net10.0-linux-x64. They hold the same IL plus native code, so a cold process does not JIT the core and
    /// AWSSDK on its first call (the benchmark measures what that saves).
    /// <para>
    /// Native code only helps the runtime it was compiled for, and a runtime of another major version may
    /// refuse it outright; so the folder is used only when its name is exactly this process's framework and
    /// runtime identifier, and never on .NET Framework (Windows PowerShell 5.1), which has no runtime
    /// identifier. Every other process loads the portable IL in bin/dependencies/.
    /// </para>
    /// </summary>
    internal static class ReadyToRunImages
    {
        internal const string FolderName = "ready-to-run";

        /// <summary>The folder of images for this process, or null when there is none to use.</summary>
        internal static string? DirectoryFor(string binDirectory)
        {
            var name = RuntimeFolderName(AppContext.GetData("RUNTIME_IDENTIFIER") as string, Environment.Version);
            if (name == null)
            {
                return null;
            }
            var path = Path.Combine(binDirectory, FolderName, name);
            return Directory.Exists(path) ? path : null;
        }

        /// <summary>"net10.0-linux-x64" for .NET 10 on linux-x64; null without a runtime identifier (.NET Framework).</summary>
        internal static string? RuntimeFolderName(string? runtimeIdentifier, Version runtimeVersion) =>
            string.IsNullOrEmpty(runtimeIdentifier) ? null : $"net{runtimeVersion.Major}.0-{runtimeIdentifier}";
    }
}
