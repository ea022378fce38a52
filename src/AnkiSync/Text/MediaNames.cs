using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AnkiSync.Text
{
    /// <summary>
    /// Anki's media file name rules (<c>media/files.rs</c>, <c>import_export/package/media.rs</c>)
    /// and the media references in field HTML (<c>text.rs</c>, <c>extract_media_refs</c>).
    /// </summary>
    internal static class MediaNames
    {
        /// <summary>Anki's limit on a media file name, in UTF-8 bytes.</summary>
        public const int MaxNameBytes = 120;

        // [sound:name]; the [anki:tts]…[/anki:tts] alternative is there so that a sound tag inside
        // a TTS block is not taken as a reference, exactly as in Anki's AV_TAGS pattern.
        internal static readonly Regex AvTagPattern = new Regex(
            @"\[sound:(.+?)\]|\[anki:tts\]\[.*?\].*?\[/anki:tts\]",
            RegexOptions.Compiled | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static readonly string[] DeviceNames = { "CON", "PRN", "AUX", "NUL" };

        private static readonly string[] NumberedDeviceNames = { "COM", "LPT" };

        /// <summary>
        /// The name Anki would store: NFC; <c>[ ] &lt; &gt; : " / ? * ^ \ |</c>, ASCII control characters
        /// and unassigned code points removed; non-breaking spaces made spaces; a Windows device name
        /// (CON, PRN, AUX, NUL, COM1-9, LPT1-9, any case, alone or before a dot) gets "_" after it;
        /// a trailing space or dot gets "_" appended; and a name over 120 UTF-8 bytes is cut down,
        /// keeping up to 10 bytes of its extension. The same instance when nothing changes.
        /// </summary>
        /// <remarks>
        /// Unassigned means unassigned in the Unicode version of the running .NET. Anki decides this
        /// with Unicode 10 data, so it also removes characters assigned later (such as newer emoji).
        /// </remarks>
        public static string Normalize(string name)
        {
            var result = TextChars.ToNfc(TextChars.ReplaceLoneSurrogates(name, null));
            result = RemoveDisallowedCharacters(result);
            if (result.IndexOf('\u00A0') >= 0)
            {
                result = result.Replace('\u00A0', ' ');
            }

            var deviceNameLength = DeviceNameLength(result);
            if (deviceNameLength > 0)
            {
                result = result.Insert(deviceNameLength, "_");
            }

            if (EndsWithSpaceOrDot(result))
            {
                result += "_";
            }

            return Truncate(result);
        }

        /// <summary>True when Anki would keep the name as it is (<see cref="Normalize"/> changes nothing).</summary>
        public static bool IsNormalized(string name) => string.Equals(Normalize(name), name, StringComparison.Ordinal);

        /// <summary>
        /// Null when Anki accepts the name (possibly after normalising it); otherwise why not. Anki
        /// requires one plain path component; separators of every platform are refused here so that
        /// a package imports the same everywhere.
        /// </summary>
        public static string? RejectionReason(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return "the name is empty";
            }

            if (name == "." || name == "..")
            {
                return $"'{name}' is not a file name";
            }

            if (name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0)
            {
                return "the name contains a path separator ('/' or '\\'); it must be a single file name, not a path";
            }

            if (name.Length >= 2 && name[1] == ':' && ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
            {
                return "the name starts with a drive letter, which Windows reads as a path";
            }

            if (Normalize(name).Length == 0)
            {
                return "nothing is left of the name once the characters Anki does not allow are removed";
            }

            return null;
        }

        /// <summary>
        /// The media file names a field refers to, in order and without repeats: the src/data value
        /// of &lt;img&gt;, &lt;audio&gt;, &lt;video&gt;, &lt;object&gt; and &lt;source&gt; tags, then [sound:…] names.
        /// Entities are decoded and names NFC-normalised, as Anki does; URLs ("://") and data: URIs
        /// are skipped, since they are not files in the package.
        /// </summary>
        public static IEnumerable<string> References(string fieldHtml)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (fieldHtml.IndexOf('<') >= 0)
            {
                var from = 0;
                while (MediaTagScanner.TryFindNext(fieldHtml, from, out var match))
                {
                    from = match.End;
                    var name = ReferenceName(fieldHtml.Substring(match.NameStart, match.NameLength));
                    if (name != null && seen.Add(name))
                    {
                        yield return name;
                    }
                }
            }

            if (fieldHtml.IndexOf("[sound:", StringComparison.Ordinal) >= 0)
            {
                for (var match = AvTagPattern.Match(fieldHtml); match.Success; match = match.NextMatch())
                {
                    var group = match.Groups[1];
                    if (!group.Success)
                    {
                        continue;
                    }

                    var name = ReferenceName(group.Value);
                    if (name != null && seen.Add(name))
                    {
                        yield return name;
                    }
                }
            }
        }

        private static string? ReferenceName(string raw)
        {
            var decoded = HtmlEntities.Decode(raw);
            if (decoded.IndexOf("://", StringComparison.Ordinal) >= 0
                || decoded.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return TextChars.ToNfc(TextChars.ReplaceLoneSurrogates(decoded, null));
        }

        private static bool IsDisallowed(string text, int index, out int charCount)
        {
            var c = text[index];
            charCount = 1;
            switch (c)
            {
                case '[':
                case ']':
                case '<':
                case '>':
                case ':':
                case '"':
                case '/':
                case '?':
                case '*':
                case '^':
                case '\\':
                case '|':
                    return true;
            }

            if (c < 0x20 || c == 0x7F)
            {
                return true;
            }

            if (c < 0x80)
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                charCount = 2;
            }

            return CharUnicodeInfo.GetUnicodeCategory(text, index) == UnicodeCategory.OtherNotAssigned;
        }

        private static string RemoveDisallowedCharacters(string name)
        {
            StringBuilder? builder = null;
            var index = 0;
            while (index < name.Length)
            {
                var disallowed = IsDisallowed(name, index, out var count);
                if (disallowed && builder == null)
                {
                    builder = new StringBuilder(name.Length);
                    builder.Append(name, 0, index);
                }
                else if (!disallowed && builder != null)
                {
                    builder.Append(name, index, count);
                }

                index += count;
            }

            return builder == null ? name : builder.ToString();
        }

        /// <summary>The length of a leading Windows device name followed by a dot or the end, or 0.</summary>
        private static int DeviceNameLength(string name)
        {
            int length;
            if (StartsWithAny(name, DeviceNames))
            {
                length = 3;
            }
            else if (StartsWithAny(name, NumberedDeviceNames) && name.Length > 3 && name[3] >= '1' && name[3] <= '9')
            {
                length = 4;
            }
            else
            {
                return 0;
            }

            return name.Length == length || name[length] == '.' ? length : 0;
        }

        private static bool StartsWithAny(string name, string[] prefixes)
        {
            foreach (var prefix in prefixes)
            {
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool EndsWithSpaceOrDot(string name) =>
            name.Length > 0 && (name[name.Length - 1] == ' ' || name[name.Length - 1] == '.');

        /// <summary>
        /// Anki's truncation: split at the last dot; keep at most 10 bytes of extension and
        /// 120 − extension − 2 bytes of stem (room for the dot and a possible "_"); never split a character.
        /// </summary>
        private static string Truncate(string name)
        {
            if (Encoding.UTF8.GetByteCount(name) <= MaxNameBytes)
            {
                return name;
            }

            var dot = name.LastIndexOf('.');
            var stem = dot < 0 ? name : name.Substring(0, dot);
            var extension = dot < 0 ? string.Empty : name.Substring(dot + 1);
            extension = TextChars.TruncateUtf8(extension, 10);
            stem = TextChars.TruncateUtf8(stem, MaxNameBytes - Encoding.UTF8.GetByteCount(extension) - 2);
            var result = extension.Length == 0 ? stem : stem + "." + extension;
            return EndsWithSpaceOrDot(result) ? result + "_" : result;
        }
    }
}
