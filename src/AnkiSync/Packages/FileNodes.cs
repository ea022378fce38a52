using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AnkiSync.Packages
{
    /// <summary>What a directory entry is, learned without opening it (opening a FIFO blocks forever).</summary>
    internal enum FileNodeKind
    {
        /// <summary>The platform could not tell (an unsupported architecture); treat as a regular file.</summary>
        Unknown,
        Regular,
        Directory,
        SymbolicLink,

        /// <summary>A FIFO, socket, or character or block device.</summary>
        Special,
    }

    /// <summary>An lstat-style description of a directory entry; -1 where the platform does not say.</summary>
    internal readonly struct FileNode
    {
        public FileNode(FileNodeKind kind, long linkCount, long allocatedBytes)
        {
            Kind = kind;
            LinkCount = linkCount;
            AllocatedBytes = allocatedBytes;
        }

        public FileNodeKind Kind { get; }

        /// <summary>Hard links to the file (1 for a file only this entry names).</summary>
        public long LinkCount { get; }

        /// <summary>Disk space the file occupies; far below its length for a sparse (or file-system-compressed) file.</summary>
        public long AllocatedBytes { get; }
    }

    /// <summary>
    /// lstat without a dependency: netstandard2.0 has no API for the file type, link count or allocated size.
    /// On Unix the C library's lstat/stat is called with the <c>struct stat</c> layout of each supported ABI
    /// (Linux x64 and arm64, glibc or musl; macOS x64 and arm64); on Windows, attributes, the handle's link
    /// count and the compressed file size. Anything else reports <see cref="FileNodeKind.Unknown"/>.
    /// </summary>
    internal static class FileNodes
    {
        private const int StatBufferSize = 256;
        private const uint TypeMask = 0xF000;
        private const uint TypeRegular = 0x8000;
        private const uint TypeDirectory = 0x4000;
        private const uint TypeLink = 0xA000;

        private static readonly Layout? UnixLayout = DetectLayout();

        /// <summary>Describes <paramref name="path"/>; with <paramref name="followLinks"/> the file a link points to instead.</summary>
        public static FileNode Inspect(string path, bool followLinks)
        {
            // Stryker disable once all: Windows only; the mutation runs are on Linux.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return InspectWindows(path, followLinks);
            }

            // Stryker disable once all: the unknown answer is for architectures the tests do not run on.
            return UnixLayout is Layout layout ? InspectUnix(path, followLinks, layout) : new FileNode(FileNodeKind.Unknown, -1, -1);
        }

        private static FileNode InspectUnix(string path, bool followLinks, Layout layout)
        {
            var buffer = new byte[StatBufferSize];
            // Stryker disable once all: only a C library without any stat entry point answers false.
            if (!Stat(path, followLinks, layout, buffer))
            {
                return new FileNode(FileNodeKind.Unknown, -1, -1);
            }

            long links = layout.LinkCountSize switch
            {
                2 => BitConverter.ToUInt16(buffer, layout.LinkCountOffset),
                4 => BitConverter.ToUInt32(buffer, layout.LinkCountOffset),
                _ => BitConverter.ToInt64(buffer, layout.LinkCountOffset),
            };
            long blocks = BitConverter.ToInt64(buffer, layout.BlocksOffset);
            var kind = KindOf(buffer, layout);

            // A layout that does not match this C library would misread everything: check it against the
            // length .NET reports, and say "unknown" rather than act on garbage. .NET gives a link's own length,
            // so a followed link is checked on the link itself.
            // Stryker disable once all: only a layout that does not match this C library (or a file replaced between
            // the two looks) gets here; the tests run where the layout is right.
            if (kind == FileNodeKind.Regular && BitConverter.ToInt64(buffer, layout.SizeOffset) != LengthOf(path)
                && !(followLinks && IsLinkAsDotNetSeesIt(path, layout)))
            {
                return new FileNode(FileNodeKind.Unknown, -1, -1);
            }

            // st_blocks counts 512-byte units on every supported system.
            return new FileNode(kind, links, blocks * 512);
        }

        /// <summary>Fills <paramref name="buffer"/> with the C library's struct stat; false if the library has no stat.</summary>
        private static bool Stat(string path, bool followLinks, Layout layout, byte[] buffer)
        {
            // Stryker disable once String: without its terminator the C library reads past the array; undefined, not testable.
            var bytes = Encoding.UTF8.GetBytes(path + "\0");
            int result;
            try
            {
                result = layout.Call(bytes, buffer, followLinks);
            }
            // Stryker disable all: a C library without any stat entry point is not one the tests run on.
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }

            // Stryker restore all

            if (result != 0)
            {
                throw new IOException($"Cannot read the file type of '{path}' (error {Marshal.GetLastWin32Error()}).");
            }

            return true;
        }

        private static FileNodeKind KindOf(byte[] buffer, Layout layout)
        {
            // Stryker disable once Conditional: the 16-bit mode is macOS's; on little-endian Linux its low half reads the same.
            uint mode = layout.ModeIs16Bit ? BitConverter.ToUInt16(buffer, layout.ModeOffset) : BitConverter.ToUInt32(buffer, layout.ModeOffset);
            return (mode & TypeMask) switch
            {
                TypeRegular => FileNodeKind.Regular,
                TypeDirectory => FileNodeKind.Directory,
                TypeLink => FileNodeKind.SymbolicLink,
                _ => FileNodeKind.Special,
            };
        }

        /// <summary>True when lstat says the entry is a link whose own length is the one .NET reports.</summary>
        private static bool IsLinkAsDotNetSeesIt(string path, Layout layout)
        {
            var buffer = new byte[StatBufferSize];
            // Stryker disable once Logical: where the layout is right, lstat of a followed link finds that link; only a wrong layout differs.
            return Stat(path, followLinks: false, layout, buffer)
                && KindOf(buffer, layout) == FileNodeKind.SymbolicLink
                && BitConverter.ToInt64(buffer, layout.SizeOffset) == LengthOf(path);
        }

        private static long LengthOf(string path)
        {
            var info = new FileInfo(path);
            // Stryker disable once all: only a file removed between stat and this look is missing here.
            return info.Exists ? info.Length : -1;
        }

        // Stryker disable all: Windows only; the mutation runs are on Linux.
        private static FileNode InspectWindows(string path, bool followLinks)
        {
            var attributes = File.GetAttributes(path);
            if (!followLinks && (attributes & FileAttributes.ReparsePoint) != 0)
            {
                return new FileNode(FileNodeKind.SymbolicLink, -1, -1);
            }

            if ((attributes & FileAttributes.Directory) != 0)
            {
                return new FileNode(FileNodeKind.Directory, -1, -1);
            }

            if ((attributes & FileAttributes.Device) != 0)
            {
                return new FileNode(FileNodeKind.Special, -1, -1);
            }

            long links = -1;
            long allocated = -1;
            try
            {
                // Opening with no access rights reads metadata only; Windows folders hold no FIFOs to block on.
                using (SafeFileHandle handle = CreateFileW(path, 0, FileShareAll, IntPtr.Zero, OpenExisting, 0, IntPtr.Zero))
                {
                    if (!handle.IsInvalid && GetFileInformationByHandle(handle, out var information))
                    {
                        links = information.NumberOfLinks;
                    }
                }

                uint low = GetCompressedFileSizeW(path, out uint high);
                if (low != uint.MaxValue || Marshal.GetLastWin32Error() == 0)
                {
                    allocated = ((long)high << 32) | low;
                }
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                // Not really Windows (an emulation layer): report what the attributes said.
            }

            return new FileNode(FileNodeKind.Regular, links, allocated);
        }

        // Stryker restore all

        private static Layout? DetectLayout()
        {
            var architecture = RuntimeInformation.ProcessArchitecture;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                // struct stat as the kernel and both glibc and musl define it.
                if (architecture == Architecture.X64)
                {
                    // Stryker disable once Boolean: read once by a static field's initialiser, before any test can switch the mutant on.
                    return new Layout(linux: true, legacyVersion: 1, modeOffset: 24, modeIs16Bit: false, linkCountOffset: 16, linkCountSize: 8, sizeOffset: 48, blocksOffset: 64);
                }

                // Stryker disable once all: arm64 Linux; the mutation runs are on x64 Linux.
                if (architecture == Architecture.Arm64)
                {
                    return new Layout(linux: true, legacyVersion: 0, modeOffset: 16, modeIs16Bit: false, linkCountOffset: 20, linkCountSize: 4, sizeOffset: 48, blocksOffset: 64);
                }

                return null;
            }

            // Stryker disable once all: macOS; the mutation runs are on Linux.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX) && (architecture == Architecture.X64 || architecture == Architecture.Arm64))
            {
                // The 64-bit-inode struct stat (the only one on arm64, the $INODE64 variant on x64).
                return new Layout(linux: false, legacyVersion: architecture == Architecture.X64 ? 1 : 0, modeOffset: 4, modeIs16Bit: true, linkCountOffset: 6, linkCountSize: 2, sizeOffset: 96, blocksOffset: 104);
            }

            return null;
        }

        private sealed class Layout
        {
            private int linuxEntryPoint;

            public Layout(bool linux, int legacyVersion, int modeOffset, bool modeIs16Bit, int linkCountOffset, int linkCountSize, int sizeOffset, int blocksOffset)
            {
                Linux = linux;
                LegacyVersion = legacyVersion;
                ModeOffset = modeOffset;
                ModeIs16Bit = modeIs16Bit;
                LinkCountOffset = linkCountOffset;
                LinkCountSize = linkCountSize;
                SizeOffset = sizeOffset;
                BlocksOffset = blocksOffset;
            }

            public bool Linux { get; }

            /// <summary>glibc before 2.33 exports only __lxstat/__xstat, which take the struct version; on macOS, 1 means x64.</summary>
            public int LegacyVersion { get; }

            public int ModeOffset { get; }

            public bool ModeIs16Bit { get; }

            public int LinkCountOffset { get; }

            public int LinkCountSize { get; }

            public int SizeOffset { get; }

            public int BlocksOffset { get; }

            public int Call(byte[] path, byte[] buffer, bool follow)
            {
                if (!Linux)
                {
                    return CallMac(path, buffer, follow);
                }

                // First lstat/stat (glibc 2.33+, musl); failing that, the older entry points, remembered.
                // Stryker disable once Equality: on glibc 2.33+ libc's short-name entry points are the same functions.
                if (linuxEntryPoint == 0)
                {
                    try
                    {
                        return follow ? GlibcStat(path, buffer) : GlibcLstat(path, buffer);
                    }
                    // Stryker disable once all: only C libraries older than glibc 2.33 lack lstat.
                    catch (EntryPointNotFoundException)
                    {
                        linuxEntryPoint = 1;
                    }
                    // Stryker disable once all: only a C library not named libc.so.6 gets here.
                    catch (DllNotFoundException)
                    {
                        linuxEntryPoint = 2;
                    }
                }

                return CallOlderLinux(path, buffer, follow);
            }

            // Stryker disable all: macOS and C libraries older than glibc 2.33; the mutation runs are on a newer Linux.
            private int CallMac(byte[] path, byte[] buffer, bool follow)
                => LegacyVersion == 1
                    ? (follow ? MacStatX64(path, buffer) : MacLstatX64(path, buffer))
                    : (follow ? MacStat(path, buffer) : MacLstat(path, buffer));

            // Stryker disable all: C libraries older than glibc 2.33; the mutation runs are on a newer Linux.

            /// <summary>1: glibc's versioned __lxstat/__xstat; 2: libc by its short name.</summary>
            private int CallOlderLinux(byte[] path, byte[] buffer, bool follow)
                => linuxEntryPoint == 1
                    ? (follow ? GlibcXstat(LegacyVersion, path, buffer) : GlibcLxstat(LegacyVersion, path, buffer))
                    : (follow ? LibcStat(path, buffer) : LibcLstat(path, buffer));
        }

        // Stryker restore all
        private const uint FileShareAll = 7;
        private const uint OpenExisting = 3;

        // FILETIMEs are pairs of DWORDs: 4-byte packing keeps the fields where Windows puts them.
        [StructLayout(LayoutKind.Sequential, Pack = 4)]
        private struct ByHandleFileInformation
        {
            public uint FileAttributes;
            public long CreationTime;
            public long LastAccessTime;
            public long LastWriteTime;
            public uint VolumeSerialNumber;
            public uint FileSizeHigh;
            public uint FileSizeLow;
            public uint NumberOfLinks;
            public uint FileIndexHigh;
            public uint FileIndexLow;
        }

        [DllImport("libc.so.6", EntryPoint = "lstat", SetLastError = true)]
        private static extern int GlibcLstat(byte[] path, byte[] buffer);

        [DllImport("libc.so.6", EntryPoint = "stat", SetLastError = true)]
        private static extern int GlibcStat(byte[] path, byte[] buffer);

        [DllImport("libc.so.6", EntryPoint = "__lxstat", SetLastError = true)]
        private static extern int GlibcLxstat(int version, byte[] path, byte[] buffer);

        [DllImport("libc.so.6", EntryPoint = "__xstat", SetLastError = true)]
        private static extern int GlibcXstat(int version, byte[] path, byte[] buffer);

        [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
        private static extern int LibcLstat(byte[] path, byte[] buffer);

        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        private static extern int LibcStat(byte[] path, byte[] buffer);

        [DllImport("libSystem.dylib", EntryPoint = "lstat", SetLastError = true)]
        private static extern int MacLstat(byte[] path, byte[] buffer);

        [DllImport("libSystem.dylib", EntryPoint = "stat", SetLastError = true)]
        private static extern int MacStat(byte[] path, byte[] buffer);

        [DllImport("libSystem.dylib", EntryPoint = "lstat$INODE64", SetLastError = true)]
        private static extern int MacLstatX64(byte[] path, byte[] buffer);

        [DllImport("libSystem.dylib", EntryPoint = "stat$INODE64", SetLastError = true)]
        private static extern int MacStatX64(byte[] path, byte[] buffer);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern SafeFileHandle CreateFileW(string path, uint access, uint share, IntPtr security, uint creation, uint flags, IntPtr template);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool GetFileInformationByHandle(SafeFileHandle handle, out ByHandleFileInformation information);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern uint GetCompressedFileSizeW(string path, out uint high);
    }
}
