using System;
using AnkiSync.Collection;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// A cmdlet that changes decks, presets or note types: every record of one pipeline goes into one
    /// <see cref="CollectionEditor"/> transaction per package, committed in EndProcessing (rolled back if the pipeline
    /// stops or fails). A schema change is reported once, as a warning that the next sync is a one-way full sync.
    /// </summary>
    public abstract class StructureCmdlet : PackageCmdlet, IDisposable
    {
        private readonly PipelineBatch<CollectionEditor> edits = new PipelineBatch<CollectionEditor>(p => p.BeginCollectionEdit());
        private bool warnedSchema;

        /// <summary>The transaction for the package of this record.</summary>
        internal CollectionEditor Editor(AnkiPackage package)
        {
            var current = edits.Current;
            if (current != null && !ReferenceEquals(edits.Package, package))
            {
                WarnIfSchemaChanged(edits.Package!, current.SchemaChanged);
            }

            return edits.For(package);
        }

        protected override void EndProcessing()
        {
            try
            {
                var current = edits.Current;
                var package = edits.Package;
                edits.Complete();
                if (current != null && package != null)
                {
                    WarnIfSchemaChanged(package, current.SchemaChanged);
                }
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
        }

        internal void WarnIfSchemaChanged(AnkiPackage package, bool changed)
        {
            if (changed && !warnedSchema)
            {
                warnedSchema = true;
                WriteWarning(SchemaWarning(package));
            }
        }

        internal static string SchemaWarning(AnkiPackage package)
            => package.IsInPlace
                ? $"This change alters the collection's schema: the next sync of '{package}' with AnkiWeb must be a one-way full sync (Anki will ask which side to keep)."
                : $"This change alters the schema of '{package}' (col.scm): a collection it is synced as, or an Anki that syncs it, needs a one-way full sync.";

        public void Dispose() => edits.Dispose();
    }
}
