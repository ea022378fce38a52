# Editing a desktop collection in place: refused while Anki holds its lock; otherwise backed up before the
# first change, changed in one transaction per command with usn -1 and a newer col.mod, schema 18 kept.
# Needs the real-file corpus.
param([string]$WorkFolder)
. ([System.IO.Path]::Combine($PSScriptRoot, 'Assert.ps1'))

$fixtures = & ([System.IO.Path]::Combine($PSScriptRoot, 'helpers', 'Find-Fixtures.ps1'))
Assert-True ($null -ne $fixtures) 'the real-file corpus is found (shared/fixtures/real above the scenarios, or $env:ANKISYNC_FIXTURES)'
$profileFolder = [System.IO.Path]::Combine($WorkFolder, 'Anki2', 'User 1')
$null = [System.IO.Directory]::CreateDirectory($profileFolder)
$collection = [System.IO.Path]::Combine($profileFolder, 'collection.anki2')
[System.IO.File]::Copy([System.IO.Path]::Combine($fixtures, 'anki2.1.50plus-bare-schema18-japanese-studied.anki2'), $collection)

# While Anki has the profile open it holds an exclusive lock; simulate that with a second connection. It must use
# the same SQLite library as the module (in-process locks are tracked per library), so the connection type comes
# from the engine's own load context (a private one under pwsh, where scripts cannot name it directly).
$engineContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([AnkiSync.AnkiPackage].Assembly)
$dataSqlite = $engineContext.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Microsoft.Data.Sqlite'))
$anki = [System.Activator]::CreateInstance($dataSqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection', $true), [object[]]@("Data Source=$collection;Pooling=False"))
$anki.Open()
$lock = $anki.CreateCommand()
$lock.CommandText = 'pragma locking_mode = exclusive; begin exclusive;'
$null = $lock.ExecuteNonQuery()
try {
    $null = Assert-ErrorId { Open-AnkiCollection -Path $collection } 'AnkiSync.CollectionInUse'
} finally {
    $anki.Dispose()
}

$c = Open-AnkiCollection -Path $collection
try {
    $before = $c.NoteCount
    Add-AnkiNote -Package $c -Fields @{ Front = 'in place'; Back = 'added by a script' } -Tags 'scripted'
    Assert-Equal ($before + 1) $c.NoteCount 'the note is in the collection'
    Assert-True ([System.IO.File]::Exists($c.BackupPath)) 'a backup was made before the first change'
    $row = Invoke-AnkiSql -Package $c -Query "select usn from notes where flds like 'in place%'"
    Assert-Equal -1 ([int]$row.usn) 'changed notes are marked for sync'
    $ver = Invoke-AnkiSql -Package $c -Query 'select ver from col'
    Assert-Equal 18 ([int]$ver.ver) 'the collection keeps schema 18'
} finally {
    Close-AnkiPackage -Package $c
}
