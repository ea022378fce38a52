using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace AnkiSync.PowerShell
{
    /// <summary>What the note cmdlets tell a person about a note: its name in -WhatIf and -Confirm, and Anki's cloze warning.</summary>
    internal static class NoteHints
    {
        /// <summary>
        /// How -WhatIf and -Confirm name a note: its id and its sort field (the text Anki's browser shows), e.g.
        /// <c>note 1700000000000 'hola'</c>. The sort field is read only when a person will see it.
        /// </summary>
        public static string Label(PSCmdlet cmdlet, AnkiPackage package, long noteId, ConfirmImpact impact)
        {
            string label = $"note {noteId}";
            if (!WillAsk(cmdlet, impact))
            {
                return label;
            }

            object? sortField = package.Db.Scalar("select sfld from notes where id = $id", ("$id", noteId));
            return sortField == null || sortField is DBNull ? label : $"{label} '{Shorten(Convert.ToString(sortField, System.Globalization.CultureInfo.InvariantCulture) ?? "")}'";
        }

        /// <summary>
        /// Anki's warning for a note of a cloze note type without any cloze deletion: it still gets one card, which shows
        /// nothing to recall. Null when the note is fine.
        /// </summary>
        public static string? ClozeWarning(AnkiPackage package, NoteInput input)
        {
            var noteType = package.State.FindNoteType(input.NoteType);
            if (noteType == null || !noteType.IsCloze)
            {
                return null;
            }

            var values = (input.Values ?? Enumerable.Empty<string?>()).Concat((input.NamedValues ?? Enumerable.Empty<KeyValuePair<string, string?>>()).Select(v => v.Value)).ToList();
            if (Text.ClozeNumbers.HasAny(values.Select(v => v ?? "")))
            {
                return null;
            }

            string first = values.FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";
            return $"The note '{Shorten(first)}' uses the cloze note type '{noteType.Name}' but has no cloze deletion such as {{{{c1::text}}}}: "
                + "its one card has nothing to recall. Anki warns about such notes too; mark the text to hide with {{c1::...}}.";
        }

        private static bool WillAsk(PSCmdlet cmdlet, ConfirmImpact impact)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            if (bound.ContainsKey("WhatIf") || bound.ContainsKey("Confirm"))
            {
                return true;
            }

            if (LanguagePrimitives.IsTrue(cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference")))
            {
                return true;
            }

            object? preference = cmdlet.SessionState.PSVariable.GetValue("ConfirmPreference");
            return LanguagePrimitives.TryConvertTo(preference, out ConfirmImpact threshold) && threshold != ConfirmImpact.None && impact >= threshold;
        }

        private static string Shorten(string text)
        {
            text = Regex.Replace(text, @"\s+", " ").Trim();
            return text.Length > 40 ? text.Substring(0, 37) + "..." : text;
        }
    }
}
