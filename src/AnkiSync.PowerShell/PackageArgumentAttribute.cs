using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// On every <c>-Package</c> parameter: a file path given where an open package is expected (the most common first
    /// mistake, <c>Get-AnkiNote -Package deck.apkg</c>) fails with a message that says what to do instead of
    /// PowerShell's bare "cannot convert". Everything else passes through unchanged.
    /// </summary>
    public sealed class PackageArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = InputConversion.Unwrap(inputData);
            // Only a string: a FileInfo piped from Get-ChildItem must fall through to -LiteralPath (PSPath).
            if (!(value is string path))
            {
                return inputData;
            }

            throw new ArgumentTransformationMetadataException(
                $"'{path}' is a file, not an open package. Open it first with $package = Open-AnkiPackage -Path '{path}' and pass -Package $package "
                + $"(or set $PSDefaultParameterValues['*-Anki*:Package'] = $package); a read cmdlet also takes -Path '{path}' to read the file in one command.");
        }
    }
}
