using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// What every AnkiSync cmdlet shares: engine errors turned into ErrorRecords with stable ErrorIds
    /// (<c>AnkiSync.&lt;Reason&gt;</c>), and PowerShell-path resolution that never uses the process directory.
    /// </summary>
    public abstract class AnkiCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource stop = new CancellationTokenSource();

        /// <summary>Cancelled by <see cref="StopProcessing"/> (Ctrl+C), so that long engine work stops promptly.</summary>
        internal CancellationToken StopToken => stop.Token;

        /// <summary>Runs on another thread while ProcessRecord may be inside the engine: cancelling interrupts its long work.</summary>
        protected override void StopProcessing() => stop.Cancel();

        /// <summary>
        /// What the engine's <see cref="OperationCanceledException"/> becomes: the exception PowerShell itself throws
        /// when a pipeline is stopped, so a stop is never reported as an error.
        /// </summary>
        internal static PipelineStoppedException Stopped(OperationCanceledException e) => new PipelineStoppedException(e.Message, e);

        internal static ErrorRecord ToErrorRecord(AnkiException e)
            => new ErrorRecord(e, e.Error.ErrorId, CategoryOf(e.Kind), e.Target);

        internal static ErrorRecord Error(AnkiError error, string message, object? target, Exception? inner = null)
            => ToErrorRecord(new AnkiException(error, message, target, inner));

        /// <summary>Reports a failure of one item and lets the pipeline go on.</summary>
        internal void WriteAnkiError(AnkiException e) => WriteError(ToErrorRecord(e));

        /// <summary>Stops the command with the engine's error.</summary>
        internal void ThrowAnkiError(AnkiException e) => ThrowTerminatingError(ToErrorRecord(e));

        /// <summary>
        /// <paramref name="package"/> when it is open; else a terminating AnkiSync.PackageClosed error, or
        /// AnkiSync.ReadOnlySnapshot for the package of a -Path read once that read has ended.
        /// </summary>
        internal AnkiPackage RequireOpen(AnkiPackage package)
        {
            if (package.IsClosed)
            {
                ThrowAnkiError(ReadSnapshots.IsSnapshot(package) ? ReadSnapshots.ReadOnly(package) : AnkiPackage.Closed());
            }

            return package;
        }

        /// <summary>
        /// For a cmdlet whose pipeline carries rows, not packages (Add-AnkiNote): the -Package that was not given is a
        /// terminating AnkiSync.PackageRequired error, which explains the usual cause, a package piped in as if it were a row.
        /// </summary>
        internal AnkiPackage RequirePackage(AnkiPackage? package, object? pipedInput)
        {
            if (package != null)
            {
                return RequireWritable(package);
            }

            string message = InputConversion.Unwrap(pipedInput) is AnkiPackage
                ? $"A package was piped to {MyInvocation.MyCommand.Name}, whose pipeline takes rows (objects whose properties are field names). Give the package with -Package: {MyInvocation.MyCommand.Name} -Package $package -Fields @{{...}}, or pipe rows: Import-Csv rows.csv | {MyInvocation.MyCommand.Name} -Package $package (or set $PSDefaultParameterValues['*-Anki*:Package'] = $package once)."
                : $"{MyInvocation.MyCommand.Name} needs -Package: the open package to change (from New-AnkiPackage, Open-AnkiPackage or Open-AnkiCollection), or set $PSDefaultParameterValues['*-Anki*:Package'] = $package once.";
            ThrowTerminatingError(Error(AnkiErrors.PackageRequired, message, null));
            return null!;
        }

        /// <summary>
        /// <paramref name="package"/> when it is open and may be changed: a -Path read's package (a read-only snapshot,
        /// open or not) is a terminating AnkiSync.ReadOnlySnapshot error.
        /// </summary>
        internal AnkiPackage RequireWritable(AnkiPackage package)
        {
            if (ReadSnapshots.IsSnapshot(package))
            {
                ThrowAnkiError(ReadSnapshots.ReadOnly(package));
            }

            return RequireOpen(package);
        }

        /// <summary>
        /// The one path helper of the module: input files for -Path (wildcards expanded through the provider; a
        /// pattern that matches nothing is an error, like Get-Content) and -LiteralPath (taken as written, so
        /// `deck[v1].apkg` works); FileSystem provider only; every file must exist.
        /// </summary>
        internal IEnumerable<string> ResolveInputPaths(IEnumerable<string> paths, bool literal)
        {
            foreach (string path in paths)
            {
                IReadOnlyCollection<string> resolved;
                ProviderInfo provider;
                try
                {
                    if (literal)
                    {
                        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                        if (!File.Exists(full) && !Directory.Exists(full))
                        {
                            WriteError(Error(AnkiErrors.PathNotFound, $"Cannot find the file '{full}'.", path));
                            continue;
                        }

                        resolved = new[] { full };
                    }
                    else
                    {
                        resolved = GetResolvedProviderPathFromPSPath(path, out provider);
                        if (resolved.Count == 0)
                        {
                            // Only a pattern resolves to nothing without an ItemNotFoundException.
                            WriteError(NothingMatches(path));
                            continue;
                        }
                    }
                }
                catch (ItemNotFoundException)
                {
                    WriteError(Error(AnkiErrors.PathNotFound, $"Cannot find the file '{path}'.", path));
                    continue;
                }
                catch (Exception e) when (e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is NotSupportedException || e is PSArgumentException)
                {
                    WriteError(Error(AnkiErrors.InvalidPath, $"'{path}' is not a usable file path: {e.Message}", path, e));
                    continue;
                }

                if (!IsFileSystem(provider))
                {
                    WriteError(Error(AnkiErrors.PathNotFileSystem, $"'{path}' is not a file-system path.", path));
                    continue;
                }

                foreach (string item in resolved)
                {
                    yield return item;
                }
            }
        }

        private ErrorRecord NothingMatches(string path)
        {
            string hint = "";
            try
            {
                string literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (File.Exists(literal) || Directory.Exists(literal))
                {
                    hint = $" '{literal}' exists, but [ ] * ? in -Path are wildcards: use -LiteralPath '{path}' for a name that holds them.";
                }
            }
            catch (Exception e) when (e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is NotSupportedException || e is PSArgumentException)
            {
            }

            return Error(AnkiErrors.PathNotFound, $"Cannot find a file that matches '{path}'.{hint}", path);
        }

        /// <summary>An output file that may not exist yet, relative to the current PowerShell location.</summary>
        internal string ResolveOutputPath(string path)
        {
            string full;
            ProviderInfo provider;
            try
            {
                full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception e) when (e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is NotSupportedException || e is PSArgumentException)
            {
                ThrowTerminatingError(Error(AnkiErrors.InvalidPath, $"'{path}' is not a usable file path: {e.Message}", path, e));
                throw;
            }

            if (!IsFileSystem(provider))
            {
                ThrowTerminatingError(Error(AnkiErrors.PathNotFileSystem, $"'{path}' is not a file-system path.", path));
            }

            return full;
        }

        private static bool IsFileSystem(ProviderInfo provider) => string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        private static ErrorCategory CategoryOf(AnkiErrorKind kind) => kind switch
        {
            AnkiErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            AnkiErrorKind.InvalidData => ErrorCategory.InvalidData,
            AnkiErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            AnkiErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            AnkiErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            AnkiErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            AnkiErrorKind.OpenError => ErrorCategory.OpenError,
            AnkiErrorKind.WriteError => ErrorCategory.WriteError,
            AnkiErrorKind.NotImplemented => ErrorCategory.NotImplemented,
            AnkiErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
