using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AnkiSync.Tests.Engine.Reading;

/// <summary>
/// Everything a round trip must keep, taken from an open package in a form that does not depend on ids a
/// writer may renumber: notes by guid, cards by (guid, ord), review-log rows by their card's (guid, ord).
/// </summary>
internal sealed class PackageSnapshot
{
    public SortedDictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Cards { get; } = new(StringComparer.Ordinal);

    public List<string> Revlog { get; } = new();

    public SortedDictionary<string, string> Decks { get; } = new(StringComparer.Ordinal);

    public List<string> NoteTypes { get; } = new();

    public SortedDictionary<string, string> Media { get; } = new(StringComparer.Ordinal);

    /// <summary>Every note type's id and name as read (before any <c>originalNames</c> mapping).</summary>
    public List<(long Id, string Name)> NoteTypeNames { get; } = new();

    /// <param name="package">The open package.</param>
    /// <param name="originalNames">Note type id → the name to show instead (for names schema 18 had to make unique).</param>
    public static PackageSnapshot Of(AnkiPackage package, IReadOnlyDictionary<long, string>? originalNames = null)
    {
        string NameOf(long id, string name) => originalNames != null && originalNames.TryGetValue(id, out var original) ? original : name;
        var snapshot = new PackageSnapshot();
        var guids = new Dictionary<long, string>();
        foreach (var note in package.GetNotes())
        {
            guids[note.Id] = note.Guid;
            snapshot.Notes.Add(note.Guid, Join(NameOf(note.NoteTypeId, note.NoteType), string.Join("\u001f", note.Fields.Values.Cast<string>()), string.Join(" ", note.Tags), note.Deck));
        }

        var decks = package.GetDecks().ToDictionary(d => d.Id, d => d.Name);
        foreach (var deck in package.GetDecks())
        {
            snapshot.Decks.Add(deck.Name, Join(deck.IsFiltered, deck.Description, deck.ParentName));
        }

        var cardKeys = new Dictionary<long, string>();
        foreach (var card in package.GetCards())
        {
            string key = guids[card.NoteId] + "#" + card.Ordinal.ToString(CultureInfo.InvariantCulture);
            cardKeys[card.Id] = key;
            snapshot.Cards.Add(key, Join(card.Deck, card.Template, card.State, card.Queue, card.Due, card.DueDate, card.Interval, card.Ease, card.Reviews, card.Lapses, card.Flag, card.Suspended, card.Buried));
        }

        // What the card objects do not show: the home deck and due of cards in filtered decks, learning steps, FSRS data.
        using (var command = package.Db.Command("select id, odid, odue, left, data from cards"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                string key = cardKeys[reader.GetInt64(0)];
                long homeDeck = reader.GetInt64(1);
                snapshot.Cards[key] += Join("", homeDeck == 0 ? "" : decks.GetValueOrDefault(homeDeck, "?" + homeDeck), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4));
            }
        }

        using (var command = package.Db.Command("select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id, cid"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                long cardId = reader.GetInt64(1);
                snapshot.Revlog.Add(Join(reader.GetInt64(0), cardKeys.GetValueOrDefault(cardId, "deleted card " + cardId), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
            }
        }

        foreach (var type in package.GetNoteTypes().OrderBy(t => t.Id))
        {
            snapshot.NoteTypeNames.Add((type.Id, type.Name));
            snapshot.NoteTypes.Add(Join(type.Id, NameOf(type.Id, type.Name), type.Kind, string.Join("|", type.Fields), type.SortField, type.Css,
                string.Join("|", type.Templates.Select(t => Join(t.Name, t.Front, t.Back)))));
        }

        foreach (var media in package.GetMedia())
        {
            snapshot.Media.Add(media.Name, Join(media.Hash, media.Length, media.IsMissing));
        }

        return snapshot;
    }

    public void AssertSameAs(PackageSnapshot expected)
    {
        Assert.Equal(expected.Notes, Notes);
        Assert.Equal(expected.Cards, Cards);
        Assert.Equal(expected.Revlog, Revlog);
        Assert.Equal(expected.Decks, Decks);
        Assert.Equal(expected.NoteTypes, NoteTypes);
        Assert.Equal(expected.Media, Media);
    }

    private static string Join(params object?[] values)
        => string.Join(" ¦ ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "∅"));
}
