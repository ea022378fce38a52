using System;

namespace AnkiSync.Collection
{
    /// <summary>One card template of a note type: its name and its front (qfmt) and back (afmt) HTML.</summary>
    public sealed class TemplateDefinition
    {
        public TemplateDefinition(string name, string front, string back)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Front = front ?? throw new ArgumentNullException(nameof(front));
            Back = back ?? throw new ArgumentNullException(nameof(back));
        }

        /// <summary>The template name, e.g. "Card 1".</summary>
        public string Name { get; }

        /// <summary>The question template (Anki's <c>qfmt</c>), e.g. <c>{{Front}}</c>.</summary>
        public string Front { get; }

        /// <summary>The answer template (Anki's <c>afmt</c>).</summary>
        public string Back { get; }
    }
}
