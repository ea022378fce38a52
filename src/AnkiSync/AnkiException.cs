using System;

namespace AnkiSync
{
    /// <summary>What kind of failure an <see cref="AnkiException"/> is; the cmdlets map it to an ErrorCategory.</summary>
    public enum AnkiErrorKind
    {
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        ResourceExists,
        ResourceUnavailable,
        InvalidOperation,
        OpenError,
        WriteError,
        NotImplemented,
        LimitsExceeded,
    }

    /// <summary>
    /// Every failure the engine reports on purpose. <see cref="Reason"/> is stable: the cmdlets
    /// turn it into the ErrorId <c>AnkiSync.&lt;Reason&gt;</c>.
    /// </summary>
    public class AnkiException : Exception
    {
        public AnkiException(string reason, AnkiErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            Reason = reason;
            Kind = kind;
            Target = target;
        }

        /// <summary>Stable, PascalCase reason, e.g. <c>UnknownNoteType</c>.</summary>
        public string Reason { get; }

        public AnkiErrorKind Kind { get; }

        /// <summary>The file or item the error is about.</summary>
        public object? Target { get; }
    }
}
