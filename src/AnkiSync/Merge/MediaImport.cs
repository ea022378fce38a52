using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AnkiSync.Packages;
using AnkiSync.Text;

namespace AnkiSync.Merge
{
    /// <summary>
    /// The media side of an import (rslib import_export/package/apkg/import/media.rs): which files of the imported
    /// package are copied, under which name, and how the imported notes' references are rewritten. A file whose name the
    /// target lacks is copied under its name; one the target has with the same SHA-1 is reused (not copied); one the target
    /// has with other content is copied as <c>stem-sha1.ext</c> and references to it are rewritten. Only files an imported
    /// (new or updated) note references are copied, except "static" files (names starting with "_" or "latex-"), which are
    /// copied whenever the target lacks their name.
    /// </summary>
    internal sealed class MediaImport
    {
        private readonly string sourceFolder;
        private readonly string targetFolder;
        private readonly Dictionary<string, Entry> checkedEntries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private readonly List<string> staticNames = new List<string>();

        private sealed class Entry
        {
            public Entry(string sourceName, string name)
            {
                SourceName = sourceName;
                Name = name;
            }

            public string SourceName { get; }

            public string Name { get; }

            public bool Used { get; set; }
        }

        public MediaImport(string sourceFolder, string targetFolder)
        {
            this.sourceFolder = sourceFolder;
            this.targetFolder = targetFolder;
            foreach (string path in Directory.EnumerateFiles(sourceFolder).OrderBy(p => p, StringComparer.Ordinal))
            {
                string name = System.IO.Path.GetFileName(path);
                if (MediaNames.RejectionReason(name) != null || !MediaNames.IsNormalized(name))
                {
                    // The package reader stores files under the names Anki would; anything else is not a media file of it.
                    continue;
                }

                string? existing = SafeFiles.ExactFile(targetFolder, name);
                if (IsStatic(name))
                {
                    if (existing == null)
                    {
                        staticNames.Add(name);
                    }
                }
                else if (existing == null)
                {
                    checkedEntries[name] = new Entry(name, name);
                }
                else
                {
                    string sha1 = AnkiPackage.Sha1Of(path);
                    if (!string.Equals(sha1, AnkiPackage.Sha1Of(existing), StringComparison.Ordinal))
                    {
                        checkedEntries[name] = new Entry(name, HashSuffixedName(name, sha1));
                    }
                }
            }
        }

        /// <summary>Rewrites the media references of one field: renamed files get their new name, unnormalised names Anki's form.</summary>
        public string RewriteField(string field)
        {
            if (field.IndexOf('<') < 0 && field.IndexOf("[sound:", StringComparison.Ordinal) < 0)
            {
                return field;
            }

            string html = ReplaceTagReferences(field);
            return ReplaceSoundReferences(html);
        }

        /// <summary>Copies the files to copy into the target folder; returns (copied, renamed) and records each copied path.</summary>
        public (int Added, int Renamed, Dictionary<string, string> RenamedNames) Copy(List<string> written, bool whatIf)
        {
            int added = 0;
            int renamed = 0;
            var renamedNames = new Dictionary<string, string>(StringComparer.Ordinal);
            var copies = new List<(string From, string To)>();
            foreach (var entry in checkedEntries.Values)
            {
                if (!entry.Used)
                {
                    continue;
                }

                if (!string.Equals(entry.SourceName, entry.Name, StringComparison.Ordinal))
                {
                    renamed++;
                    renamedNames[entry.SourceName] = entry.Name;
                }

                copies.Add((entry.SourceName, entry.Name));
            }

            foreach (string name in staticNames)
            {
                copies.Add((name, name));
            }

            foreach (var (from, to) in copies)
            {
                added++;
                if (whatIf)
                {
                    continue;
                }

                string target = System.IO.Path.Combine(targetFolder, to);
                if (SafeFiles.ExactFile(targetFolder, to) != null)
                {
                    // A renamed file imported before: its name carries its hash, so the content is the same.
                    continue;
                }

                File.Copy(System.IO.Path.Combine(sourceFolder, from), target, overwrite: false);
                written.Add(target);
            }

            return (added, renamed, renamedNames);
        }

        /// <summary>Anki's <c>add_hash_suffix_to_file_stem</c>: <c>stem-sha1.ext</c>, the stem cut so that the name fits.</summary>
        internal static string HashSuffixedName(string name, string sha1)
        {
            int maxBytes = MediaNames.MaxNameBytes - 40 - 1;
            int dot = name.LastIndexOf('.');
            string stem = dot < 0 ? name : name.Substring(0, dot);
            string extension = dot < 0 ? "" : name.Substring(dot + 1);
            extension = TextChars.TruncateUtf8(extension, 10);
            stem = TextChars.TruncateUtf8(stem, maxBytes - Encoding.UTF8.GetByteCount(extension) - 2);
            return stem + "-" + sha1 + "." + extension;
        }

        private static bool IsStatic(string name) => name.StartsWith("_", StringComparison.Ordinal) || name.StartsWith("latex-", StringComparison.Ordinal);

        /// <summary>The name a reference should have, or null to leave it (Anki's replacer in notes.rs).</summary>
        private string? Replacement(string decodedName)
        {
            if (MediaNames.RejectionReason(decodedName) != null)
            {
                return null;
            }

            string normalized = MediaNames.Normalize(decodedName);
            if (checkedEntries.TryGetValue(normalized, out var entry))
            {
                entry.Used = true;
                return string.Equals(entry.Name, decodedName, StringComparison.Ordinal) ? null : entry.Name;
            }

            return string.Equals(normalized, decodedName, StringComparison.Ordinal) ? null : normalized;
        }

        private string ReplaceTagReferences(string html)
        {
            if (html.IndexOf('<') < 0)
            {
                return html;
            }

            StringBuilder? output = null;
            int copied = 0;
            int from = 0;
            while (MediaTagScanner.TryFindNext(html, from, out var match))
            {
                from = match.End;
                string raw = html.Substring(match.NameStart, match.NameLength);
                string? replaced = ReplaceRaw(raw);
                if (replaced == null)
                {
                    continue;
                }

                output ??= new StringBuilder(html.Length + 48);
                output.Append(html, copied, match.NameStart - copied).Append(replaced);
                copied = match.NameStart + match.NameLength;
            }

            if (output == null)
            {
                return html;
            }

            output.Append(html, copied, html.Length - copied);
            return output.ToString();
        }

        private string ReplaceSoundReferences(string text)
        {
            if (text.IndexOf("[sound:", StringComparison.Ordinal) < 0)
            {
                return text;
            }

            return MediaNames.AvTagPattern.Replace(text, m =>
            {
                var group = m.Groups[1];
                if (!group.Success)
                {
                    return m.Value;
                }

                string? replaced = ReplaceRaw(group.Value);
                return replaced == null ? m.Value : "[sound:" + replaced + "]";
            });
        }

        /// <summary>The new raw text of a reference, or null to keep it; an entity-encoded name gets an encoded replacement, as Anki does.</summary>
        private string? ReplaceRaw(string raw)
        {
            string decoded = HtmlEntities.Decode(raw);
            if (decoded.IndexOf("://", StringComparison.Ordinal) >= 0 || decoded.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string? name = Replacement(decoded);
            if (name == null)
            {
                return null;
            }

            return string.Equals(decoded, raw, StringComparison.Ordinal) ? name : EncodeMinimal(name);
        }

        private static string EncodeMinimal(string text)
            => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
    }
}
