using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace MaintenanceMode
{
    /// <summary>
    /// The assemblies under bin/dependencies/ (MaintenanceMode.Core, AWSSDK.*, System.*) and how they load.
    /// <list type="bullet">
    /// <item>PowerShell 7: MaintenanceMode.Core and AWSSDK.* always load into the private context, up front.
    /// Other libraries do too, unless the host (the runtime or PowerShell) already ships the same or a newer
    /// version: then the host's copy is used, the choice .NET itself makes for an application. This keeps
    /// netstandard back-ports such as System.Memory (which would bring a second Span&lt;T&gt;) out of the process.
    /// The default context meets this module's code only when MaintenanceMode.dll asks for MaintenanceMode.Core,
    /// and <see cref="Resolve"/> answers with the private copy.</item>
    /// <item>PowerShell 7, where Build compiled ReadyToRun images for this runtime (<see cref="ReadyToRunImages"/>):
    /// the same assemblies load from those images instead.</item>
    /// <item>Windows PowerShell 5.1: no load contexts; <see cref="Resolve"/> loads from dependencies/ whatever
    /// the normal probing did not find, any version (5.1 has no binding redirects for modules).</item>
    /// </list>
    /// </summary>
    internal sealed class IsolatedDependencies
    {
        internal const string LoadContextName = "MaintenanceMode";

        private readonly Assembly _module;
        // bin/dependencies/, and the ReadyToRun folder when its images are used.
        private readonly string[] _directories;
        private readonly Dictionary<string, string> _files;
        private readonly LoadContextProxy? _context;
        // Filled once, before ModuleInit publishes this object; only read afterwards.
        private readonly Dictionary<string, Assembly> _private = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);

        private IsolatedDependencies(Assembly module, string[] directories, Dictionary<string, string> files, LoadContextProxy? context)
        {
            _module = module;
            _directories = Array.ConvertAll(directories, Path.GetFullPath);
            _files = files;
            _context = context;
        }

        internal static IsolatedDependencies Create(Assembly module)
        {
            var binDirectory = Path.GetDirectoryName(module.Location) ?? ".";
            var directory = Path.Combine(binDirectory, "dependencies");
            var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (Directory.Exists(directory))
            {
                foreach (var path in Directory.GetFiles(directory, "*.dll"))
                {
                    files[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }

            var context = LoadContextProxy.TryCreate(LoadContextName);
            var directories = new List<string> { directory };
            // Images replace only files that are in dependencies/: that folder stays the list of what the module loads.
            var images = context == null ? null : ReadyToRunImages.DirectoryFor(binDirectory);
            if (images != null)
            {
                directories.Add(images);
                foreach (var path in Directory.GetFiles(images, "*.dll"))
                {
                    var name = Path.GetFileNameWithoutExtension(path);
                    if (files.ContainsKey(name))
                    {
                        files[name] = path;
                    }
                }
            }

            var dependencies = new IsolatedDependencies(module, directories.ToArray(), files, context);
            dependencies.LoadPrivateAssemblies();
            return dependencies;
        }

        /// <summary>For AppDomain.AssemblyResolve: answers only this module's own requests.</summary>
        internal Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (name == null || !_files.TryGetValue(name, out var path) || !IsOurs(args.RequestingAssembly))
            {
                return null;
            }
            if (_context == null)
            {
                return Assembly.LoadFrom(path);
            }
            // Everything private was loaded up front; what is missing here is a library the host provides.
            return _private.TryGetValue(name, out var assembly) ? assembly : null;
        }

        private void LoadPrivateAssemblies()
        {
            if (_context == null)
            {
                return;
            }
            var host = HostAssemblies.Read();
            foreach (var file in _files)
            {
                // Reading an assembly's name opens the file: only the libraries the host might provide need it.
                if (IsAlwaysPrivate(file.Key) || !host.Provides(AssemblyName.GetAssemblyName(file.Value)))
                {
                    _private[file.Key] = _context.LoadFromAssemblyPath(file.Value);
                }
            }
        }

        private static bool IsAlwaysPrivate(string simpleName) =>
            simpleName.StartsWith("MaintenanceMode.", StringComparison.OrdinalIgnoreCase)
            || simpleName.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase);

        private bool IsOurs(Assembly? requesting)
        {
            // .NET Framework may not say who asks; then the name alone decides, as in PSResourceGet.
            if (requesting == null || requesting == _module)
            {
                return true;
            }
            if (requesting.IsDynamic || string.IsNullOrEmpty(requesting.Location))
            {
                return false;
            }
            var from = Path.GetDirectoryName(requesting.Location);
            return Array.Exists(_directories, d => string.Equals(from, d, StringComparison.OrdinalIgnoreCase));
        }
    }
}
