using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// A read cmdlet: works on an open <c>-Package</c>, or opens <c>-Path</c>, streams its results and closes it
    /// within the one command.
    /// </summary>
    public abstract class PackageReadCmdlet : PackageCmdlet
    {
        protected const string PackageSet = "Package";
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";

        /// <summary>The open package to read.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PackageSet)]
        [Alias("Session")]
        [PackageArgument]
        public override AnkiPackage Package { get => base.Package; set => base.Package = value; }

        /// <summary>
        /// A package or collection file to open, read and close (wildcards allowed). Named here; a cmdlet with no
        /// other positional parameter overrides it to take the path at position 0.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [NotAPackage]
        public virtual string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>A package or collection file to open, read and close, taken exactly as written; binds from Get-ChildItem output.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [NotAPackage]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet || ParameterSetName == LiteralPathSet)
            {
                bool literal = ParameterSetName == LiteralPathSet;
                foreach (string file in ResolveInputPaths(literal ? LiteralPath : Path, literal))
                {
                    AnkiPackage package;
                    try
                    {
                        package = ReadSnapshots.Mark(AnkiPackage.Open(file, verify: VerifyWhenOpeningPath, cancellation: StopToken));
                    }
                    catch (AnkiException e)
                    {
                        WriteAnkiError(e);
                        continue;
                    }
                    catch (OperationCanceledException e)
                    {
                        throw Stopped(e);
                    }

                    try
                    {
                        foreach (string warning in package.TakeWarnings())
                        {
                            WriteWarning(warning);
                        }

                        Read(package);
                    }
                    finally
                    {
                        package.Close();
                    }
                }

                return;
            }

            Read(RequireOpen(Package));
        }

        /// <summary>
        /// Whether a file opened through -Path gets SQLite's quick check first. A streaming read skips it (damage
        /// it meets is still a CorruptCollection error); a full check (Test-AnkiPackage) does its own.
        /// </summary>
        protected virtual bool VerifyWhenOpeningPath => false;

        /// <summary>Writes this cmdlet's objects from <paramref name="package"/>.</summary>
        protected abstract void Read(AnkiPackage package);

        /// <summary>Writes each item, turning an engine failure mid-stream into a terminating error.</summary>
        protected void WriteAll<T>(IEnumerable<T> items, Func<T, object> shape)
        {
            try
            {
                foreach (var item in items)
                {
                    WriteObject(shape(item));
                }
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
            catch (OperationCanceledException e)
            {
                throw Stopped(e);
            }
        }
    }
}
