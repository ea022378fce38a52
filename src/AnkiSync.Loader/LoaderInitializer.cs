using System.Management.Automation;

namespace AnkiSync.Loader
{
    /// <summary>
    /// Runs when PowerShell imports the module (this assembly is its first nested module, imported before the cmdlets)
    /// and when it is removed.
    /// </summary>
    public sealed class LoaderInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyResolver.Install();

        public void OnRemove(PSModuleInfo psModuleInfo) => EngineTypeNames.Withdraw();
    }
}
