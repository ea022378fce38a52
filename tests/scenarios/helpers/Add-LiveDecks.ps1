# Used by the two-process test: adds one note in a new deck per step to a live collection, printing
# "kept <deck>" for each write that succeeded and "error <ErrorId>" for each that did not.
param(
    [Parameter(Mandatory)] [string] $Collection,
    [Parameter(Mandatory)] [string] $Prefix,
    [int] $Count = 10
)

# The other process may hold the write lock just then: opening is refused with CollectionInUse, so retry.
$c = $null
for ($attempt = 0; $null -eq $c -and $attempt -lt 50; $attempt++) {
    try { $c = Open-AnkiCollection -Path $Collection -NoBackup -ErrorAction Stop }
    catch { Start-Sleep -Milliseconds 50 }
}
try {
    for ($i = 0; $i -lt $Count; $i++) {
        $deck = "$Prefix $i"
        try {
            Add-AnkiNote -Package $c -Deck $deck -Fields @{ Front = "$deck front"; Back = 'back' } -ErrorAction Stop
            "kept $deck"
        }
        catch {
            "error $($_.FullyQualifiedErrorId)"
        }
    }
}
finally {
    Close-AnkiPackage -Package $c
}
