using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// A read cmdlet: works on an open <c>-Package</c>, or opens <c>-Path</c>, streams its results and closes it
    /// within the one command.
    /// </summary>
    public abstract class PackageReadCmdlet : AnkiCmdlet
    {
        protected const string PackageSet = "Package";
        protected const string PathSet = "Path";

        /// <summary>The open package to read.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PackageSet)]
        [Alias("Session")]
        public AnkiPackage Package { get; set; } = null!;

        /// <summary>A package or collection file to open, read and close (wildcards allowed).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                foreach (string file in ResolveInputPaths(Path, literal: false))
                {
                    AnkiPackage package;
                    try
                    {
                        package = AnkiPackage.Open(file, verify: VerifyWhenOpeningPath, cancellation: StopToken);
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

            if (Package.IsClosed)
            {
                ThrowAnkiError(AnkiPackage.Closed());
            }

            Read(Package);
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
