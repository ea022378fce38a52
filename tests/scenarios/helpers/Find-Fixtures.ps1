# Where the real-file corpus is: $env:ANKISYNC_FIXTURES if set, else the first shared/fixtures/real folder above
# the scenarios (it lives beside the repository). $null when it is absent (a fresh clone): scenarios that need it
# carry the line '# Needs the real-file corpus.' and the test runners skip them then.
if ($env:ANKISYNC_FIXTURES) {
    if ([System.IO.Directory]::Exists($env:ANKISYNC_FIXTURES)) { return [System.IO.Path]::GetFullPath($env:ANKISYNC_FIXTURES) }
    return $null
}

$folder = [System.IO.DirectoryInfo]::new($PSScriptRoot)
while ($null -ne $folder) {
    $candidate = [System.IO.Path]::Combine($folder.FullName, 'shared', 'fixtures', 'real')
    if ([System.IO.Directory]::Exists($candidate)) { return $candidate }
    $folder = $folder.Parent
}

return $null
