# Child-process helper for the crash test: builds a package with a large media file and exports it
# over -Target, so that the test can kill this process while the export is being written.
param([string]$Target, [int]$MediaMegabytes = 400)
$ErrorActionPreference = 'Stop'
$p = New-AnkiPackage
Add-AnkiNote -Package $p -Fields 'big <img src="big.bin">', 'media'
Add-AnkiMedia -Package $p -Name 'big.bin' -Content ([byte[]]::new($MediaMegabytes * 1MB))
'exporting'
Export-AnkiPackage -Package $p -Path $Target -Force
'exported'
