using System.Collections;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// On every file-path parameter of a cmdlet that also takes <c>-Package</c>: an open package given where a path is
    /// expected (<c>Get-AnkiNote $package</c>, which binds it to the first positional parameter, -Path) fails with a
    /// message that says to pass it as <c>-Package</c>, instead of PowerShell turning it into the text
    /// "(new package)" and looking for a file of that name. Everything else passes through unchanged.
    /// </summary>
    public sealed class PathArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            AnkiPackage? package = InputConversion.Unwrap(inputData) switch
            {
                AnkiPackage single => single,
                IEnumerable items and not string => FirstPackage(items),
                _ => null,
            };
            if (package == null)
            {
                return inputData;
            }

            string name = package.Path == null ? "a new package" : $"'{package.Path}'";
            throw new ArgumentTransformationMetadataException(
                $"An open package ({name}) was given where a file path is expected. Pass it as -Package $package, "
                + "or set $PSDefaultParameterValues['*-Anki*:Package'] = $package once and leave it out.");
        }

        private static AnkiPackage? FirstPackage(IEnumerable items)
        {
            foreach (object? item in items)
            {
                if (InputConversion.Unwrap(item) is AnkiPackage package)
                {
                    return package;
                }
            }

            return null;
        }
    }
}
