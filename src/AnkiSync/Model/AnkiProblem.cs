namespace AnkiSync
{
    /// <summary>One finding of <see cref="AnkiPackage.Check"/>, like a line of Anki's Check Database report.</summary>
    public sealed class AnkiProblem
    {
        public AnkiProblem(string kind, string message, object? target)
        {
            Kind = kind;
            Message = message;
            Target = target;
        }

        /// <summary>A stable name for the kind of problem, e.g. <c>FieldCountMismatch</c>.</summary>
        public string Kind { get; }

        public string Message { get; }

        /// <summary>The note id, card id or media name concerned.</summary>
        public object? Target { get; }
    }
}
