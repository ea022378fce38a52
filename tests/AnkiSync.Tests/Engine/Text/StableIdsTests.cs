using System.Linq;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class StableIdsTests
{
    private const string Base91Alphabet =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";

    [Fact]
    public void NoteGuidIsBase91OfTheSha256Prefix()
    {
        // Computed independently (SHA-256, first 8 bytes big-endian, base91); a rebuild in any
        // later version must give these same guids, or re-imports would duplicate notes.
        Assert.Equal("j77J9o!(ae", StableIds.NoteGuid("Basic", "hello"));
        Assert.Equal("F;=o89P=*q", StableIds.NoteGuid("Cloze", "今日は"));
    }

    [Fact]
    public void NoteGuidDependsOnNoteTypeAndKey()
    {
        var guid = StableIds.NoteGuid("Basic", "hello");
        Assert.Equal(guid, StableIds.NoteGuid("Basic", "hello"));
        Assert.NotEqual(guid, StableIds.NoteGuid("Basic (and reversed card)", "hello"));
        Assert.NotEqual(guid, StableIds.NoteGuid("Basic", "Hello"));
        Assert.InRange(guid.Length, 1, 10);
        Assert.All(guid, c => Assert.Contains(c, Base91Alphabet));
    }

    [Fact]
    public void NoteTypeIdIsDerivedFromTheExactName()
    {
        Assert.Equal(1170050415488L, StableIds.NoteTypeId("Basic"));
        Assert.Equal(StableIds.NoteTypeId("Basic"), StableIds.NoteTypeId("Basic"));
        Assert.NotEqual(StableIds.NoteTypeId("Basic"), StableIds.NoteTypeId("basic"));
    }

    [Fact]
    public void DeckIdFoldsCaseAndNormalisation()
    {
        Assert.Equal(1186666028800L, StableIds.DeckId("Spanish::Verbs"));
        Assert.Equal(StableIds.DeckId("Spanish::Verbs"), StableIds.DeckId("spanish::VERBS"));
        Assert.Equal(StableIds.DeckId("Caf\u00e9"), StableIds.DeckId("Cafe\u0301"));
        Assert.Equal(StableIds.DeckId("caf\u00e9"), StableIds.DeckId("CAF\u00c9"));
        Assert.NotEqual(StableIds.DeckId("Spanish"), StableIds.DeckId("Spanish::Verbs"));
    }

    [Fact]
    public void DeckConfigIdFoldsCaseAndNormalisationLikeADecksButHasItsOwnHash()
    {
        // Computed independently: SHA-256 of "deckconfig" U+001F and the upper-cased NFC name, first 8 bytes
        // big-endian, into the id range. A preset rebuilt by a later version must keep its id.
        Assert.Equal(1278708485104L, StableIds.DeckConfigId("Exam"));
        Assert.Equal(1374015133814L, StableIds.DeckConfigId("Cafe\u0301"));
        Assert.Equal(StableIds.DeckConfigId("exam"), StableIds.DeckConfigId("EXAM"));
        Assert.Equal(StableIds.DeckConfigId("x" + (char)0xD800), StableIds.DeckConfigId("x\uFFFD"));
        Assert.NotEqual(StableIds.DeckId("Exam"), StableIds.DeckConfigId("Exam"));
    }

    [Fact]
    public void NoteTypeAndDeckIdsDoNotShareTheHash()
    {
        Assert.NotEqual(StableIds.NoteTypeId("SPANISH"), StableIds.DeckId("SPANISH"));
    }

    [Fact]
    public void IdsLookLikePastMillisecondTimestamps()
    {
        var names = Enumerable.Range(0, 2000).Select(i => $"name {i}").ToList();
        var ids = names.Select(StableIds.NoteTypeId).Concat(names.Select(StableIds.DeckId)).ToList();
        Assert.All(ids, id => Assert.InRange(id, StableIds.MinimumId, StableIds.MaximumIdExclusive - 1));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(StableIds.MaximumIdExclusive < (1L << 53));
        Assert.True(StableIds.MaximumIdExclusive < System.DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void NoteGuidHashesTheUtf8OfNameSeparatorAndKeyAtAnyLength()
    {
        // Checked against a hash computed here from the joined string, for keys short and longer than any buffer kept
        // between calls, and with a lone surrogate on either side of the separator.
        foreach (var (name, key) in new[] { ("Basic", "x"), ("Basic", new string('é', 20_000)), ("Basic" + (char)0xD800, "a"), ("Basic", (char)0xDC00 + "a"), ("Basic", "") })
        {
            byte[] digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name + "\u001f" + key));
            ulong prefix = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
            Assert.Equal(Base91.Encode(prefix), StableIds.NoteGuid(name, key));
        }

        // A long key then a short one: nothing of the first is left in the second's input.
        Assert.Equal("j77J9o!(ae", StableIds.NoteGuid("Basic", "hello"));
    }

    [Fact]
    public void UnpairedSurrogatesDoNotBreakIds()
    {
        var broken = "deck" + (char)0xD800;
        Assert.Equal(StableIds.DeckId(broken), StableIds.DeckId("deck\uFFFD"));
        Assert.Equal(StableIds.NoteGuid("Basic", broken), StableIds.NoteGuid("Basic", "deck\uFFFD"));
    }
}
