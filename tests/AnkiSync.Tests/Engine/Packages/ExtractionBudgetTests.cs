using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using AnkiSync.Packages;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>
/// The extraction budget at its edges: each limit lets through exactly what it allows and stops the first byte
/// more, so a limit that is off by one, checked with the wrong comparison or left out is caught here. The packages
/// the budget guards are in <see cref="PackageLimitsTests"/>; these drive it with plain streams.
/// </summary>
public class ExtractionBudgetTests
{
    private const long MB = 1024 * 1024;
    private const long Threshold = PackageLimits.RatioCheckThreshold;

    [Theory]
    [InlineData(0, 1, 1, 1.0)]
    [InlineData(1, 0, 1, 1.0)]
    [InlineData(1, 1, 0, 1.0)]
    [InlineData(1, 1, 1, 0.0)]
    [InlineData(-1, 1, 1, 1.0)]
    [InlineData(1, -1, 1, 1.0)]
    [InlineData(1, 1, -1, 1.0)]
    [InlineData(1, 1, 1, -1.0)]
    [InlineData(1, 1, 1, double.NaN)]
    public void EveryLimitMustBePositive(long total, long entry, int entries, double ratio)
    {
        var limits = new PackageLimits { MaxTotalBytes = total, MaxEntryBytes = entry, MaxEntries = entries, MaxCompressionRatio = ratio };
        var error = Assert.Throws<AnkiException>(() => new ExtractionBudget(limits, "p.apkg"));
        Assert.Equal("InvalidPackageLimits", error.Reason);
        Assert.Equal(AnkiErrorKind.InvalidArgument, error.Kind);
        Assert.Same(limits, error.Target);
    }

    [Fact]
    public void TheSmallestPositiveLimitsAreAccepted()
    {
        var limits = new PackageLimits { MaxTotalBytes = 1, MaxEntryBytes = 1, MaxEntries = 1, MaxCompressionRatio = 0.5 };
        Assert.Same(limits, new ExtractionBudget(limits, "p.apkg").Limits);
    }

    [Fact]
    public void AnEntryMayDeclareExactlyTheEntryLimit()
    {
        var budget = Budget(new PackageLimits { MaxEntryBytes = 1000 });
        budget.CheckDeclared("media/0", 1000, 1000);
        var error = TooLarge(() => budget.CheckDeclared("media/1", 1001, 1001));
        Assert.Contains("'media/1' declares 1001 bytes", error.Message);
    }

    [Fact]
    public void TheEntriesMayDeclareExactlyTheTotalLimit()
    {
        var budget = Budget(new PackageLimits { MaxEntryBytes = 1000, MaxTotalBytes = 1000 });
        budget.CheckDeclared("a", 600, 600);
        budget.CheckDeclared("b", 400, 400);
        var error = TooLarge(() => budget.CheckDeclared("c", 1, 1));
        Assert.Contains("more than 1000 bytes in total", error.Message);
    }

    [Fact]
    public void ANegativeDeclaredSizeMakesNoRoomForOthers()
    {
        var budget = Budget(new PackageLimits { MaxEntryBytes = 1000, MaxTotalBytes = 1000 });
        budget.CheckDeclared("a", 1000, 1000);
        budget.CheckDeclared("liar", -500, 10);
        TooLarge(() => budget.CheckDeclared("b", 1, 1));
    }

    [Fact]
    public void ADeclaredRatioIsCheckedOnlyPastTheThresholdAndAllowsExactlyTheLimit()
    {
        var budget = Budget(new PackageLimits { MaxCompressionRatio = 10 });
        // Under the threshold any ratio is fine, even from nothing stored.
        budget.CheckDeclared("small", Threshold, 0);
        budget.CheckDeclared("exact", 10 * 4 * MB, 4 * MB);
        var error = TooLarge(() => budget.CheckDeclared("over", (10 * 4 * MB) + 1, 4 * MB));
        Assert.Contains("'over' declares a compression ratio above 10", error.Message);
    }

    [Fact]
    public void AnEntryStoredInZeroBytesCountsAsOneForTheDeclaredRatio()
    {
        var budget = Budget(new PackageLimits { MaxCompressionRatio = 1e9 });
        budget.CheckDeclared("empty-stored", Threshold + 1, 0);
        TooLarge(() => Budget(new PackageLimits { MaxCompressionRatio = Threshold }).CheckDeclared("x", Threshold + 1, 0));
    }

    [Fact]
    public void CopyWritesEveryByteIntoTheDestinationAndTheHash()
    {
        var data = new byte[200_000];
        new Random(3).NextBytes(data);
        var budget = Budget(new PackageLimits());
        var destination = new MemoryStream();
        using var hash = SHA256.Create();
        var written = budget.Copy(new MemoryStream(data), destination, "collection", data.Length, long.MaxValue, hash, ReadFailed);
        hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        Assert.Equal(data.Length, written);
        Assert.Equal(data, destination.ToArray());
        Assert.Equal(SHA256.HashData(data), hash.Hash);
        Assert.Equal(data.Length, budget.TotalWritten);
        budget.Copy(new MemoryStream(data, 0, 10), Stream.Null, "media/0", 10, long.MaxValue, null, ReadFailed);
        Assert.Equal(data.Length + 10, budget.TotalWritten);
    }

    [Fact]
    public void AnEntryMayWriteExactlyTheEntryLimit()
    {
        var budget = Budget(new PackageLimits { MaxEntryBytes = 100_000 });
        Assert.Equal(100_000, Copy(budget, "a", 100_000, 100_000));
        var error = TooLarge(() => Copy(budget, "b", 100_001, 100_001));
        Assert.Contains("'b' decompresses to more than 100000 bytes", error.Message);
    }

    [Fact]
    public void TheCallersOwnLimitForAnEntryHoldsWhenItIsTheSmaller()
    {
        var budget = Budget(new PackageLimits { MaxEntryBytes = 100_000 });
        Assert.Equal(500, budget.Copy(new ZeroStream(500), Stream.Null, "map", 500, 500, null, ReadFailed));
        var error = TooLarge(() => budget.Copy(new ZeroStream(501), Stream.Null, "map", 501, 500, null, ReadFailed));
        Assert.Contains("more than 500 bytes", error.Message);
    }

    [Fact]
    public void ThePackageMayWriteExactlyTheTotalLimit()
    {
        var budget = Budget(new PackageLimits { MaxEntryBytes = 100_000, MaxTotalBytes = 150_000 });
        Copy(budget, "a", 100_000, 100_000);
        Copy(budget, "b", 50_000, 50_000);
        var error = TooLarge(() => Copy(budget, "c", 1, 1));
        Assert.Contains("decompresses to more than 150000 bytes", error.Message);
        Assert.Equal(150_000, budget.TotalWritten);
    }

    [Fact]
    public void AnEntrysRatioIsCheckedOnlyPastTheThreshold()
    {
        // One stored byte: the ratio is enormous, but 32 MB is still let through.
        Assert.Equal(Threshold, Copy(Budget(new PackageLimits { MaxCompressionRatio = 2 }), "zeros", Threshold, 1));
        var error = TooLarge(() => Copy(Budget(new PackageLimits { MaxCompressionRatio = 2 }), "zeros", Threshold + 1, 1));
        Assert.Contains("'zeros' decompresses more than 2 times its stored size of 1 bytes", error.Message);
    }

    [Fact]
    public void AnEntryMayDecompressToExactlyTheRatioTimesItsStoredSize()
    {
        var stored = 4 * MB;
        var limits = new PackageLimits { MaxCompressionRatio = 10 };
        var budget = Budget(limits);
        budget.CheckDeclared("a", 0, stored);
        Assert.Equal(10 * stored, Copy(budget, "a", 10 * stored, stored));

        var over = Budget(limits);
        over.CheckDeclared("a", 0, stored);
        var error = TooLarge(() => Copy(over, "a", (10 * stored) + 1, stored));
        Assert.Contains("'a' decompresses more than 10 times", error.Message);
    }

    [Fact]
    public void ThePackageMayDecompressToExactlyTheRatioTimesWhatItsEntriesOccupy()
    {
        // Each entry stays under the threshold, where its own ratio is not checked; together they pass it.
        var limits = new PackageLimits { MaxCompressionRatio = 10 };
        var budget = Budget(limits);
        budget.CheckDeclared("a", 0, 2 * MB);
        budget.CheckDeclared("b", 0, 2 * MB);
        Copy(budget, "a", 20 * MB, 2 * MB);
        Copy(budget, "b", 20 * MB, 2 * MB);

        var over = Budget(limits);
        over.CheckDeclared("a", 0, 2 * MB);
        over.CheckDeclared("b", 0, 2 * MB);
        Copy(over, "a", 20 * MB, 2 * MB);
        var error = TooLarge(() => Copy(over, "b", (20 * MB) + 1, 2 * MB));
        Assert.Contains("the package decompresses more than 10 times the 4194304 bytes its entries occupy", error.Message);
    }

    [Fact]
    public void ANegativeStoredSizeDoesNotShrinkThePackagesAllowance()
    {
        var limits = new PackageLimits { MaxCompressionRatio = 10 };
        var budget = Budget(limits);
        budget.CheckDeclared("a", 0, 4 * MB);
        budget.CheckDeclared("liar", 0, -2 * MB);
        Assert.Equal(40 * MB, Copy(budget, "a", 40 * MB, 40 * MB));
    }

    [Fact]
    public void ACancelledExtractionStopsBeforeReading()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var budget = new ExtractionBudget(new PackageLimits(), "p.apkg", cancel.Token);
        var source = new ZeroStream(10);
        Assert.ThrowsAny<OperationCanceledException>(() => budget.Copy(source, Stream.Null, "a", 10, long.MaxValue, null, ReadFailed));
        Assert.Equal(0, source.Position);
        Assert.Equal(0, budget.TotalWritten);
    }

    [Fact]
    public void AFailedReadBecomesTheCallersError()
    {
        var budget = Budget(new PackageLimits());
        var error = Assert.Throws<AnkiException>(() => budget.Copy(new FailingStream(), Stream.Null, "a", 10, long.MaxValue, null, ReadFailed));
        Assert.Equal("InvalidPackage", error.Reason);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void AFailedWriteIsExtractFailed()
    {
        var budget = Budget(new PackageLimits());
        var error = Assert.Throws<AnkiException>(() => budget.Copy(new ZeroStream(10), new FailingStream(), "a", 10, long.MaxValue, null, ReadFailed));
        Assert.Equal("ExtractFailed", error.Reason);
        Assert.Equal(AnkiErrorKind.WriteError, error.Kind);
        Assert.Equal("p.apkg", error.Target);
        Assert.IsType<IOException>(error.InnerException);
    }

    private static ExtractionBudget Budget(PackageLimits limits) => new ExtractionBudget(limits, "p.apkg");

    private static long Copy(ExtractionBudget budget, string entry, long length, long stored)
        => budget.Copy(new ZeroStream(length), Stream.Null, entry, stored, long.MaxValue, null, ReadFailed);

    private static AnkiException ReadFailed(Exception inner) => new AnkiException(AnkiErrors.InvalidPackage, "bad entry", "p.apkg", inner);

    private static AnkiException TooLarge(Action action)
    {
        var error = Assert.Throws<AnkiException>(action);
        Assert.Equal("PackageTooLarge", error.Reason);
        Assert.Equal(AnkiErrorKind.LimitsExceeded, error.Kind);
        Assert.Equal("p.apkg", error.Target);
        return error;
    }

    /// <summary>A readable stream of zeros that allocates nothing however long it is.</summary>
    private sealed class ZeroStream : Stream
    {
        private readonly long length;
        private long position;

        public ZeroStream(long length) => this.length = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            Array.Clear(buffer, offset, n);
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidDataException("bad deflate data");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");
    }
}
