using System;
using System.IO;

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
            var value = crc;
            for (var i = offset; i < offset + read; i++)
            {
                // Stryker disable once Bitwise: on a uint, >> and >>> are the same logical shift.
                value = Table[(value ^ buffer[i]) & 0xFF] ^ (value >> 8);
            }

            crc = value;
            return read;
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

        private static uint[] BuildTable()
        {
            var table = new uint[256];
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

            return table;
        }
    }
}
