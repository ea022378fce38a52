using System;
using System.Threading;

namespace AnkiSync.Merge
{
    /// <summary>When an item of the imported package replaces the target's item with the same guid or id (Anki's <c>UpdateCondition</c>).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum UpdateCondition
    {
        /// <summary>When the incoming item was modified later than the existing one (Anki's default).</summary>
        IfNewer = 0,

        /// <summary>Whenever the modification times differ.</summary>
        Always = 1,

        /// <summary>Never: existing items are kept as they are.</summary>
        Never = 2,
    }

    /// <summary>How <see cref="PackageMerger"/> imports a package (Anki's <c>ImportAnkiPackageOptions</c>).</summary>
    public sealed class PackageImportOptions
    {
        /// <summary>When a note with a known guid overwrites the existing note's fields and tags.</summary>
        public UpdateCondition UpdateNotes { get; set; } = UpdateCondition.IfNewer;

        /// <summary>When a note type with the same id and shape replaces the existing one.</summary>
        public UpdateCondition UpdateNoteTypeCondition { get; set; } = UpdateCondition.IfNewer;

        /// <summary>
        /// Anki's "merge note types": a note type whose fields or templates differ from the target's note type with the
        /// same id updates that note type (fields and templates it lacks are added) instead of being added as a copy,
        /// so that notes of it are updated rather than conflicting.
        /// </summary>
        public bool UpdateNoteTypes { get; set; }

        /// <summary>Keep the cards' scheduling and the review log (due dates moved between the two collections' days).</summary>
        public bool WithScheduling { get; set; }

        /// <summary>Work out the result without writing anything.</summary>
        public bool WhatIf { get; set; }

        /// <summary>Return the new and updated notes in the result.</summary>
        public bool IncludeNotes { get; set; }

        /// <summary>Receives 0..1.</summary>
        public IProgress<double>? Progress { get; set; }

        /// <summary>Stops the import: nothing of it is kept.</summary>
        public CancellationToken Cancellation { get; set; }
    }
}
