using System;

namespace AnkiSync
{
    /// <summary>What kind of failure an <see cref="AnkiException"/> is; the cmdlets map it to an ErrorCategory.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
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
    /// Every failure AnkiSync reports on purpose: one of the errors defined in <see cref="AnkiErrors"/>, with a
    /// message naming the item and the fix. The cmdlets turn it into an ErrorRecord with the ErrorId
    /// <c>AnkiSync.&lt;Reason&gt;</c>.
    /// </summary>
    public class AnkiException : Exception
    {
        public AnkiException(AnkiError error, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            Error = error;
            Target = target;
        }

        /// <summary>Which error of the catalogue this is.</summary>
        public AnkiError Error { get; }

        /// <summary>Stable, PascalCase reason, e.g. <c>UnknownNoteType</c>.</summary>
        public string Reason => Error.Reason;

        public AnkiErrorKind Kind => Error.Kind;

        /// <summary>The file or item the error is about.</summary>
        public object? Target { get; }
    }
}
