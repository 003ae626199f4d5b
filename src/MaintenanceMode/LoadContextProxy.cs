using System;
using System.Reflection;

namespace MaintenanceMode
{
    /// <summary>
    /// A private System.Runtime.Loader.AssemblyLoadContext, reached through reflection.
    /// <para>
    /// Why reflection: this assembly targets netstandard2.0 so that one build loads in Windows PowerShell 5.1
    /// and PowerShell 7, and netstandard2.0 has no AssemblyLoadContext to subclass. PSResourceGet does the
    /// same (ModuleInitAndCleanup.cs). The usual reason to subclass, overriding Load so that the context
    /// answers before the default context does, is met differently: <see cref="IsolatedDependencies"/> loads
    /// every private assembly into this context up front, and a context answers a name from the assemblies
    /// it already holds before it ever falls back to the default context. Without that, AWSSDK.S3 in this
    /// context would bind to an AWSSDK.Core 4.0.0.0 that AWS.Tools put in the default context (same assembly
    /// version, different build) and fail with TypeLoadException / MissingMethodException.
    /// </para>
    /// <para>
    /// The alternative, a small net8.0 loader assembly with a real subclass, would need a third project,
    /// a target framework the build does not publish, and a custom copy step; the reflection here is three calls.
    /// </para>
    /// </summary>
    internal sealed class LoadContextProxy
    {
        private readonly object _context;
        private readonly MethodInfo _loadFromAssemblyPath;

        private LoadContextProxy(object context, MethodInfo loadFromAssemblyPath)
        {
            _context = context;
            _loadFromAssemblyPath = loadFromAssemblyPath;
        }

        /// <summary>A new, non-collectible context; null on .NET Framework, which has no load contexts.</summary>
        internal static LoadContextProxy? TryCreate(string name)
        {
            var contextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            if (contextType == null)
            {
                return null;
            }
            var constructor = contextType.GetConstructor(new[] { typeof(string), typeof(bool) })
                ?? throw new MissingMethodException(contextType.FullName, ".ctor(string, bool)");
            var load = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })
                ?? throw new MissingMethodException(contextType.FullName, "LoadFromAssemblyPath");
            return new LoadContextProxy(constructor.Invoke(new object[] { name, false }), load);
        }

        internal Assembly LoadFromAssemblyPath(string path)
        {
            try
            {
                return (Assembly)_loadFromAssemblyPath.Invoke(_context, new object[] { path });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }
    }
}
