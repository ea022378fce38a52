using System.Collections;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// On every file-path parameter, and every first positional name, of a cmdlet that also takes <c>-Package</c>: an
    /// open package given there (<c>Get-AnkiNote $package</c> binds it to -Path, <c>Get-AnkiDeck $package</c> to -Name)
    /// fails with a message that says to pass it as <c>-Package</c>, instead of PowerShell turning it into the text
    /// "(new package)" and looking for a file or deck of that name, or prompting for -Package. Everything else passes
    /// through unchanged.
    /// </summary>
    public sealed class NotAPackageAttribute : ArgumentTransformationAttribute
    {
        /// <param name="expected">What the parameter takes, for the message: "a file path", "a deck name".</param>
        public NotAPackageAttribute(string expected = "a file path")
        {
            Expected = expected;
        }

        /// <summary>What the parameter takes, for the message.</summary>
        public string Expected { get; }

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
                $"An open package ({name}) was given where {Expected} is expected. Pass it as -Package $package, "
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
