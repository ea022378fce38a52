using System;
using System.Collections.Generic;

namespace AnkiSync.Rendering
{
    /// <summary>
    /// BLAKE3 (default hash mode, 32-byte output), written from the published specification. Anki's <c>hint</c>
    /// filter names its element after this hash, so a faithful renderer needs it; it is not used for security.
    /// </summary>
    internal static class Blake3
    {
        private const int ChunkLength = 1024;
        private const int BlockLength = 64;
        private const uint ChunkStart = 1;
        private const uint ChunkEnd = 2;
        private const uint Parent = 4;
        private const uint Root = 8;

        private static readonly uint[] Iv = { 0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19 };
        private static readonly int[] Permutation = { 2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8 };

        public static byte[] Hash(byte[] input)
        {
            var stack = new List<uint[]>();
            long chunkCounter = 0;
            int offset = 0;
            // Every chunk but the last is merged into the tree as soon as the next one is known to exist.
            while (input.Length - offset > ChunkLength)
            {
                uint[] chaining = ChunkOutput(input, offset, ChunkLength, chunkCounter).ChainingValue();
                chunkCounter++;
                long total = chunkCounter;
                while ((total & 1) == 0)
                {
                    chaining = ParentOutput(stack[stack.Count - 1], chaining).ChainingValue();
                    stack.RemoveAt(stack.Count - 1);
                    total >>= 1;
                }

                stack.Add(chaining);
                offset += ChunkLength;
            }

            Output output = ChunkOutput(input, offset, input.Length - offset, chunkCounter);
            for (int i = stack.Count - 1; i >= 0; i--)
            {
                output = ParentOutput(stack[i], output.ChainingValue());
            }

            return output.RootBytes();
        }

        private static Output ChunkOutput(byte[] input, int offset, int length, long counter)
        {
            var chaining = (uint[])Iv.Clone();
            int blocks = Math.Max(1, (length + BlockLength - 1) / BlockLength);
            for (int b = 0; b < blocks; b++)
            {
                int blockStart = offset + (b * BlockLength);
                int blockLength = Math.Min(BlockLength, length - (b * BlockLength));
                var words = Words(input, blockStart, blockLength);
                uint flags = (b == 0 ? ChunkStart : 0) | (b == blocks - 1 ? ChunkEnd : 0);
                if (b == blocks - 1)
                {
                    return new Output(chaining, words, counter, (uint)blockLength, flags);
                }

                chaining = First8(Compress(chaining, words, counter, BlockLength, flags));
            }

            throw new InvalidOperationException("unreachable");
        }

        private static Output ParentOutput(uint[] left, uint[] right)
        {
            var words = new uint[16];
            Array.Copy(left, 0, words, 0, 8);
            Array.Copy(right, 0, words, 8, 8);
            return new Output(Iv, words, 0, BlockLength, Parent);
        }

        private static uint[] Words(byte[] input, int start, int length)
        {
            var block = new byte[BlockLength];
            if (length > 0)
            {
                Array.Copy(input, start, block, 0, length);
            }

            var words = new uint[16];
            for (int i = 0; i < 16; i++)
            {
                words[i] = (uint)(block[i * 4] | (block[(i * 4) + 1] << 8) | (block[(i * 4) + 2] << 16) | (block[(i * 4) + 3] << 24));
            }

            return words;
        }

        private static uint[] First8(uint[] state)
        {
            var result = new uint[8];
            Array.Copy(state, result, 8);
            return result;
        }

        private static uint Rotr(uint x, int n) => (x >> n) | (x << (32 - n));

        private static void G(uint[] s, int a, int b, int c, int d, uint mx, uint my)
        {
            s[a] = s[a] + s[b] + mx;
            s[d] = Rotr(s[d] ^ s[a], 16);
            s[c] = s[c] + s[d];
            s[b] = Rotr(s[b] ^ s[c], 12);
            s[a] = s[a] + s[b] + my;
            s[d] = Rotr(s[d] ^ s[a], 8);
            s[c] = s[c] + s[d];
            s[b] = Rotr(s[b] ^ s[c], 7);
        }

        private static uint[] Compress(uint[] chaining, uint[] blockWords, long counter, uint blockLength, uint flags)
        {
            var s = new uint[16];
            Array.Copy(chaining, s, 8);
            Array.Copy(Iv, 0, s, 8, 4);
            s[12] = (uint)counter;
            s[13] = (uint)(counter >> 32);
            s[14] = blockLength;
            s[15] = flags;
            var m = (uint[])blockWords.Clone();
            for (int round = 0; round < 7; round++)
            {
                G(s, 0, 4, 8, 12, m[0], m[1]);
                G(s, 1, 5, 9, 13, m[2], m[3]);
                G(s, 2, 6, 10, 14, m[4], m[5]);
                G(s, 3, 7, 11, 15, m[6], m[7]);
                G(s, 0, 5, 10, 15, m[8], m[9]);
                G(s, 1, 6, 11, 12, m[10], m[11]);
                G(s, 2, 7, 8, 13, m[12], m[13]);
                G(s, 3, 4, 9, 14, m[14], m[15]);
                var permuted = new uint[16];
                for (int i = 0; i < 16; i++)
                {
                    permuted[i] = m[Permutation[i]];
                }

                m = permuted;
            }

            for (int i = 0; i < 8; i++)
            {
                s[i] ^= s[i + 8];
                s[i + 8] ^= chaining[i];
            }

            return s;
        }

        private readonly struct Output
        {
            private readonly uint[] chaining;
            private readonly uint[] words;
            private readonly long counter;
            private readonly uint blockLength;
            private readonly uint flags;

            public Output(uint[] chaining, uint[] words, long counter, uint blockLength, uint flags)
            {
                this.chaining = chaining;
                this.words = words;
                this.counter = counter;
                this.blockLength = blockLength;
                this.flags = flags;
            }

            public uint[] ChainingValue() => First8(Compress(chaining, words, counter, blockLength, flags));

            public byte[] RootBytes()
            {
                uint[] state = Compress(chaining, words, 0, blockLength, flags | Root);
                var bytes = new byte[32];
                for (int i = 0; i < 8; i++)
                {
                    bytes[i * 4] = (byte)state[i];
                    bytes[(i * 4) + 1] = (byte)(state[i] >> 8);
                    bytes[(i * 4) + 2] = (byte)(state[i] >> 16);
                    bytes[(i * 4) + 3] = (byte)(state[i] >> 24);
                }

                return bytes;
            }
        }
    }
}
