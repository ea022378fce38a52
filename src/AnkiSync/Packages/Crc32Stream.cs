using System;
using System.IO;
using System.Runtime.CompilerServices;
using AnkiSync.Storage;

namespace AnkiSync.Packages
{
    /// <summary>
    /// A read-only pass-through that computes the ZIP CRC-32 of everything read. The runtime's ZIP
    /// reader checks neither the CRC nor the declared size (it silently stops at the declared size),
    /// so this is how a corrupt or tampered entry is noticed, as Anki's reader does.
    /// </summary>
    internal sealed class Crc32Stream : Stream
    {
        private static readonly uint[] Table = BuildTable();
        private readonly Stream inner;
        private uint crc = 0xFFFFFFFF;

        public Crc32Stream(Stream inner)
        {
            this.inner = inner;
        }

        /// <summary>The CRC-32 of the bytes read so far.</summary>
        public uint Value => ~crc;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <summary>Reads whatever a decoder left unread, so that the CRC covers the whole entry.</summary>
        public void Drain(byte[] buffer)
        {
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            crc = Update(crc, buffer, offset, read);
            return read;
        }

        /// <summary>
        /// Folds <paramref name="count"/> bytes into the running (not yet inverted) CRC: eight bytes per step through
        /// eight derived tables ("slicing by 8", the same CRC as one byte per step, several times faster), the tail
        /// one byte at a time.
        /// </summary>
        [MethodImpl(HotPath.PerRow)]
        internal static uint Update(uint crc, byte[] buffer, int offset, int count)
        {
            var table = Table;
            var i = offset;
            var end = offset + count;
            for (; end - i >= 8; i += 8)
            {
                var low = crc ^ (uint)(buffer[i] | (buffer[i + 1] << 8) | (buffer[i + 2] << 16) | (buffer[i + 3] << 24));
                var high = (uint)(buffer[i + 4] | (buffer[i + 5] << 8) | (buffer[i + 6] << 16) | (buffer[i + 7] << 24));
                // Stryker disable once Bitwise: on a uint, >> and >>> are the same logical shift.
                crc = table[(7 * 256) + (low & 0xFF)] ^ table[(6 * 256) + ((low >> 8) & 0xFF)] ^ table[(5 * 256) + ((low >> 16) & 0xFF)] ^ table[(4 * 256) + (low >> 24)]
                    // Stryker disable once Bitwise: on a uint, >> and >>> are the same logical shift.
                    ^ table[(3 * 256) + (high & 0xFF)] ^ table[(2 * 256) + ((high >> 8) & 0xFF)] ^ table[256 + ((high >> 16) & 0xFF)] ^ table[high >> 24];
            }

            for (; i < end; i++)
            {
                // Stryker disable once Bitwise: on a uint, >> and >>> are the same logical shift.
                crc = table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>
        /// Table k (256 entries at k × 256) holds the CRC of byte n followed by k zero bytes; table 0 is the classic
        /// one-byte table of the reflected polynomial 0xEDB88320.
        /// </summary>
        private static uint[] BuildTable()
        {
            var table = new uint[8 * 256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    // Stryker disable once Bitwise: on a uint, >> and >>> are the same logical shift.
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            for (var k = 1; k < 8; k++)
            {
                for (var n = 0; n < 256; n++)
                {
                    var previous = table[((k - 1) * 256) + n];
                    // Stryker disable once Bitwise: on a uint, >> and >>> are the same logical shift.
                    table[(k * 256) + n] = (previous >> 8) ^ table[previous & 0xFF];
                }
            }

            return table;
        }
    }
}
