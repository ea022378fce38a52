@{ RootModule = 'AnkiSync.PowerShell.dll'; ModuleVersion = '0.1.0'; GUID = 'f3b0c6a2-5d4e-4b8a-9c1e-2a7d9e4f6b10' }
