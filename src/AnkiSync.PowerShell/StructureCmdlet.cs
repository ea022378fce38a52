using AnkiSync.Editing;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// A cmdlet that changes decks, presets or note types: every record of one pipeline goes into one
    /// <see cref="CollectionEditor"/> transaction per package, committed in EndProcessing (rolled back if the pipeline
    /// stops or fails). A schema change is reported once, as a warning that the next sync is a one-way full sync.
    /// </summary>
    public abstract class StructureCmdlet : PackageBatchCmdlet<CollectionEditor>
    {
        private bool warnedSchema;

        protected StructureCmdlet()
            : base(p => p.BeginCollectionEdit())
        {
        }

        /// <summary>The transaction for the package of this record.</summary>
        internal CollectionEditor Editor(AnkiPackage package)
        {
            var current = Batch.Current;
            if (current != null && !ReferenceEquals(Batch.Package, package))
            {
                WarnIfSchemaChanged(Batch.Package!, current.SchemaChanged);
            }

            return Batch.For(package);
        }

        private protected override void Committed(AnkiPackage package, CollectionEditor batch) => WarnIfSchemaChanged(package, batch.SchemaChanged);

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
    }
}
