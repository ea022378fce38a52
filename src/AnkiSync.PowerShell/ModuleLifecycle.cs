using System.IO;
using System.Management.Automation;
using AnkiSync.Storage;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// Runs when the module is imported and removed: loads the native SQLite library from the module folder by
    /// full path, gives notes and cards their field properties (<see cref="FieldPropertyAdapter"/>), and closes this runspace's packages when the module goes away.
    /// </summary>
    public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport()
        {
            string moduleRoot = Path.GetDirectoryName(typeof(ModuleLifecycle).Assembly.Location) ?? ".";
            SqliteNative.InitializeFrom(moduleRoot);
            AnkiSync.Session.WorkFolder.RemoveAbandoned();
            FieldPropertyAdapter.Register();
        }

        public void OnRemove(PSModuleInfo psModuleInfo) => SessionRegistry.CloseAllInCurrentRunspace();
    }
}
