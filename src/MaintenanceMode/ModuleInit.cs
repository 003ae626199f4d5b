using System;
using System.Management.Automation;

namespace MaintenanceMode
{
    /// <summary>
    /// Dependency isolation, so that this module works beside AWS.Tools (or anything else) that loaded
    /// another AWSSDK.Core first.
    /// <para>
    /// Layout: bin/MaintenanceMode.dll (this assembly: cmdlets only, loaded by PowerShell into the default
    /// context) and bin/dependencies/ (MaintenanceMode.Core, AWSSDK.*, System.*). PowerShell never probes
    /// dependencies/, so the first time a cmdlet touches a MaintenanceMode.Core type the default context
    /// fails to find it and raises AppDomain.AssemblyResolve, which <see cref="IsolatedDependencies"/>
    /// answers with the copy in the module's private load context. From there on, every reference the core
    /// and AWSSDK make is answered inside that context (see <see cref="LoadContextProxy"/>).
    /// </para>
    /// <para>
    /// Rules this relies on: this assembly never names an AWSSDK type (it would bind to whatever AWSSDK the
    /// default context has), and no type here derives from, implements, or lays out a MaintenanceMode.Core
    /// type, because PowerShell lists this assembly's types before it calls <see cref="OnImport"/>.
    /// </para>
    /// </summary>
    public sealed class ModuleInit : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static IsolatedDependencies? s_dependencies;
        private static bool s_subscribed;

        /// <summary>Called by PowerShell on Import-Module; may be called more than once per process.</summary>
        public void OnImport()
        {
            lock (Gate)
            {
                // One private context per process: a re-import must reuse it, because the default context
                // remembers which MaintenanceMode.Core it handed to this assembly the first time.
                s_dependencies ??= IsolatedDependencies.Create(typeof(ModuleInit).Assembly);
                if (!s_subscribed)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                    s_subscribed = true;
                }
            }
        }

        /// <summary>Called by PowerShell on Remove-Module. Loaded assemblies stay: .NET cannot unload them.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (s_subscribed)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                    s_subscribed = false;
                }
            }
        }

        private static System.Reflection.Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args) =>
            s_dependencies?.Resolve(sender, args);
    }
}
