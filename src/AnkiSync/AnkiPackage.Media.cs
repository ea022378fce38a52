using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using AnkiSync.Packages;
using AnkiSync.Text;

namespace AnkiSync
{
    public sealed partial class AnkiPackage
    {
        /// <summary>
        /// Adds a media file under Anki's normalised form of <paramref name="name"/>. The same name with the same
        /// content is accepted again; different content needs <paramref name="overwrite"/>.
        /// </summary>
        public AnkiMedia AddMedia(string name, Stream content, bool overwrite = false)
        {
            string normalized = NormalizeMediaName(name);
            string target = System.IO.Path.Combine(mediaDirectory, normalized);
            string staging = System.IO.Path.Combine(work.Path, "incoming-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var output = File.Create(staging))
                {
                    content.CopyTo(output);
                }

                if (File.Exists(target))
                {
                    if (Sha1Of(staging) == Sha1Of(target))
                    {
                        return Describe(new FileInfo(target), null);
                    }

                    if (!overwrite)
                    {
                        throw new AnkiException(AnkiErrors.MediaExists,
                            $"The package already has a different media file named '{normalized}'. Use -Force to replace it.", normalized);
                    }

                    File.Delete(target);
                }

                File.Move(staging, target);
                State.MarkModified();
                return Describe(new FileInfo(target), null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AnkiException(AnkiErrors.WriteFailed, $"Adding the media file '{normalized}' failed: {e.Message}", normalized, e);
            }
            finally
            {
                if (File.Exists(staging))
                {
                    File.Delete(staging);
                }
            }
        }

        /// <summary>Adds the file at <paramref name="path"/> under its own name, like <see cref="AddMedia"/>.</summary>
        public AnkiMedia AddMediaFile(string path, bool overwrite = false)
        {
            FileStream content;
            try
            {
                content = File.OpenRead(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AnkiException(AnkiErrors.FileUnreadable, $"The file '{path}' cannot be read: {e.Message}", path, e);
            }

            using (content)
            {
                return AddMedia(System.IO.Path.GetFileName(path), content, overwrite);
            }
        }

        /// <summary>Every media file, with whether a note field uses it; files that fields reference but the package lacks come last, with IsMissing set.</summary>
        public IEnumerable<AnkiMedia> GetMedia()
        {
            HashSet<string> referenced = ReferencedMedia();
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in new DirectoryInfo(mediaDirectory).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                present.Add(file.Name);
                yield return Describe(file, referenced);
            }

            foreach (string name in referenced.Where(n => !present.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
            {
                yield return new AnkiMedia { Name = name, IsUsed = true, IsMissing = true, Package = this };
            }
        }

        /// <summary>
        /// Full path of the media file named exactly <paramref name="name"/>, or null. Names are not normalised
        /// here: a folder may hold names Anki would store differently (a live collection's media folder), and
        /// a lookup must never land on another file.
        /// </summary>
        public string? GetMediaPath(string name) => SafeFiles.ExactFile(mediaDirectory, name);

        /// <summary>
        /// Copies the media file named exactly <paramref name="name"/> into <paramref name="destinationFolder"/>
        /// (created when missing) and returns the new file's path. An existing file there needs
        /// <paramref name="overwrite"/>, and is replaced, never written through: a link planted in the
        /// destination is swapped for the file, and what it pointed to is left alone.
        /// </summary>
        public string ExportMedia(string name, string destinationFolder, bool overwrite)
        {
            string source = GetMediaPath(name) ?? throw MediaNotFound(name);
            string folder = System.IO.Path.GetFullPath(destinationFolder);
            string target = System.IO.Path.Combine(folder, name);
            try
            {
                Directory.CreateDirectory(folder);
                SafeFiles.CopyReplacing(source, target, overwrite);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new AnkiException(AnkiErrors.ExportFailed, $"Could not write '{target}': {e.Message}", target, e);
            }

            return target;
        }

        /// <summary>Deletes the media file named exactly <paramref name="name"/> (never one whose name Anki would normalise to it).</summary>
        public void RemoveMedia(string name)
        {
            string path = GetMediaPath(name) ?? throw MediaNotFound(name);
            File.Delete(path);
            State.MarkModified();
        }

        internal static AnkiException MediaNotFound(string name)
            => new AnkiException(AnkiErrors.MediaNotFound, $"The package has no media file named '{name}'.", name);

        /// <summary>Names referenced by any note field (img/audio/video/object/source tags and [sound:…]).</summary>
        internal HashSet<string> ReferencedMedia()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            using var command = Db.Command("select flds from notes where flds like '%<%' or flds like '%[sound:%'");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                foreach (string field in reader.GetString(0).Split('\u001f'))
                {
                    foreach (string reference in MediaNames.References(field))
                    {
                        names.Add(MediaNames.Normalize(reference));
                    }
                }
            }

            return names;
        }

        internal static string NormalizeMediaName(string name)
        {
            string? reason = MediaNames.RejectionReason(name);
            if (reason != null)
            {
                throw new AnkiException(AnkiErrors.InvalidMediaName,
                    $"'{name}' is not a media file name Anki accepts: {reason}. Give a plain file name such as 'picture.jpg'.", name);
            }

            return MediaNames.Normalize(name);
        }

        private AnkiMedia Describe(FileInfo file, HashSet<string>? referenced)
        {
            referenced ??= ReferencedMedia();
            return new AnkiMedia
            {
                Name = file.Name,
                Length = file.Length,
                Hash = Sha1Of(file.FullName),
                IsUsed = referenced.Contains(file.Name) || file.Name.StartsWith("_", StringComparison.Ordinal),
                Package = this,
            };
        }

        internal static string Sha1Of(string path)
        {
            using var sha1 = SHA1.Create();
            using var stream = File.OpenRead(path);
            return string.Concat(sha1.ComputeHash(stream).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
