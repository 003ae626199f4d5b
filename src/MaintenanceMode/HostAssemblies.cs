using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace MaintenanceMode
{
    /// <summary>
    /// The assemblies the host process was started with (the runtime and PowerShell's own), from the
    /// runtime's trusted platform assembly list. Empty on .NET Framework.
    /// </summary>
    internal sealed class HostAssemblies
    {
        private readonly Dictionary<string, string> _paths;

        private HostAssemblies(Dictionary<string, string> paths) => _paths = paths;

        internal static HostAssemblies Read()
        {
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (var path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                {
                    paths[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }
            return new HostAssemblies(paths);
        }

        /// <summary>True when the host has an assembly of this name at the same or a higher version.</summary>
        internal bool Provides(AssemblyName wanted)
        {
            if (wanted.Name == null || !_paths.TryGetValue(wanted.Name, out var path))
            {
                return false;
            }
            try
            {
                var version = AssemblyName.GetAssemblyName(path).Version;
                return version != null && (wanted.Version == null || version >= wanted.Version);
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
