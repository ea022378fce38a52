@{
    RootModule        = 'StandInSqlite.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '5b0b7d0e-2f7e-4d55-9d3c-0c6f1f6f2a11'
    Author            = 'AnkiSync tests'
    Description       = 'Test stand-in: another module with its own, newer SQLite stack.'
    PowerShellVersion = '7.4'
    CmdletsToExport   = @('Invoke-StandInSqlite')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
