using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Search;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Tests.Engine.Search;

/// <summary>
/// A search's SQL run against a bare in-memory notes/cards/revlog database whose rows the test writes itself: every
/// card property, deck and note type is chosen by hand, so a test names the cards Anki's rules select without
/// building a package and without reading the values back through the code under test.
/// </summary>
internal sealed class SearchHarness : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly List<NoteTypeModel> noteTypes = new();
    private readonly List<(long Id, string Name, long ConfigId)> decks = new() { (1, "Default", 1) };
    private readonly List<(long Id, string Name)> configs = new() { (1, "Default") };
    private long nextId = 1000;

    public SearchHarness()
    {
        AnkiSync.Storage.SqliteNative.EnsureProvider();
        connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Exec("""
            create table notes (id integer primary key, mid integer, flds text, sfld, csum integer, tags text, mod integer);
            create table cards (id integer primary key, nid integer, did integer, odid integer, ord integer, type integer, queue integer,
                due integer, odue integer, ivl integer, factor integer, reps integer, lapses integer, flags integer, data text);
            create table revlog (id integer primary key, cid integer, ease integer);
            """);
    }

    /// <summary>Now (epoch seconds), days since the collection was created, the next day's rollover, learn-ahead seconds.</summary>
    public SearchTiming Timing { get; set; } = new SearchTiming(1_700_000_000, 100, 1_700_050_000, 1200);

    public bool IgnoreAccents { get; set; }

    public long CurrentDeckId { get; set; } = 1;

    /// <summary>The (note type id, checksum) pairs dupe: asked for.</summary>
    public List<(long NoteTypeId, long Checksum)> ChecksumLookups { get; } = new();

    /// <summary>A note type: fields (a trailing '!' marks one excluded from unqualified searches), templates, sort field.</summary>
    public NoteTypeModel NoteType(string name, string[] fields, string[]? templates = null, int sortField = 0, bool cloze = false)
    {
        var flds = new JsonArray();
        for (int i = 0; i < fields.Length; i++)
        {
            bool excluded = fields[i].EndsWith('!');
            flds.Add(new JsonObject { ["name"] = fields[i].TrimEnd('!'), ["ord"] = i, ["excludeFromSearch"] = excluded });
        }

        var tmpls = new JsonArray();
        var names = templates ?? new[] { "Card 1" };
        for (int i = 0; i < names.Length; i++)
        {
            tmpls.Add(new JsonObject { ["name"] = names[i], ["ord"] = i, ["qfmt"] = "{{" + fields[0].TrimEnd('!') + "}}", ["afmt"] = "" });
        }

        var model = new NoteTypeModel(new JsonObject { ["id"] = ++nextId, ["name"] = name, ["type"] = cloze ? 1 : 0, ["flds"] = flds, ["tmpls"] = tmpls, ["sortf"] = sortField, ["css"] = "" });
        noteTypes.Add(model);
        return model;
    }

    /// <summary>A deck using preset <paramref name="configId"/>; 0 for a filtered deck, which has no preset.</summary>
    public long Deck(string name, long configId = 1)
    {
        long id = ++nextId;
        decks.Add((id, name, configId));
        return id;
    }

    public long Preset(string name)
    {
        long id = ++nextId;
        configs.Add((id, name));
        return id;
    }

    /// <summary>A note stored the way Anki stores it: fields joined by 0x1f, the sort field as given, tags space-padded.</summary>
    public long Note(NoteTypeModel type, string[] fields, string tags = "", long mod = 0, object? sortField = null)
    {
        long id = ++nextId;
        string padded = tags.Length == 0 ? "" : " " + tags + " ";
        Exec("insert into notes values ($id, $mid, $flds, $sfld, $csum, $tags, $mod)",
            ("$id", id), ("$mid", type.Id), ("$flds", string.Join("\u001f", fields)), ("$sfld", sortField ?? fields[type.SortIndex]),
            ("$csum", Validation.AnkiRules.Checksum(Validation.AnkiRules.StripHtmlKeepingMediaNames(fields[0]))), ("$tags", padded), ("$mod", mod));
        return id;
    }

    /// <summary>A card of <paramref name="note"/>; every column defaults to a new card in the Default deck.</summary>
    public long Card(long note, int ord = 0, long did = 1, long odid = 0, int type = 0, int queue = 0, long due = 0, long odue = 0, long ivl = 0,
        long factor = 0, long reps = 0, long lapses = 0, int flags = 0, string data = "", long? id = null)
    {
        long cardId = id ?? ++nextId;
        Exec("insert into cards values ($id, $nid, $did, $odid, $ord, $type, $queue, $due, $odue, $ivl, $factor, $reps, $lapses, $flags, $data)",
            ("$id", cardId), ("$nid", note), ("$did", did), ("$odid", odid), ("$ord", ord), ("$type", type), ("$queue", queue), ("$due", due), ("$odue", odue),
            ("$ivl", ivl), ("$factor", factor), ("$reps", reps), ("$lapses", lapses), ("$flags", flags), ("$data", data));
        return cardId;
    }

    /// <summary>A note with one new card in <paramref name="did"/>; returns the card's id.</summary>
    public long NoteCard(NoteTypeModel type, string[] fields, string tags = "", long did = 1)
        => Card(Note(type, fields, tags), did: did);

    public long NoteOf(long card)
    {
        using var command = Command("select nid from cards where id = $id", ("$id", card));
        return (long)command.ExecuteScalar()!;
    }

    public void Review(long card, long id, int ease) => Exec("insert into revlog values ($id, $cid, $ease)", ("$id", id), ("$cid", card), ("$ease", ease));

    public SearchSql Translate(string query)
    {
        var source = new SearchSource(noteTypes, decks, configs, CurrentDeckId, IgnoreAccents, Timing, (mid, csum) =>
        {
            ChecksumLookups.Add((mid, csum));
            var found = new List<(long, string)>();
            using var command = Command("select id, flds from notes where mid = $mid and csum = $csum", ("$mid", mid), ("$csum", csum));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add((reader.GetInt64(0), reader.GetString(1)));
            }

            return found;
        });
        return SearchSql.Build(query, source);
    }

    /// <summary>The ids of the cards the query selects, in id order.</summary>
    public List<long> Cards(string query)
    {
        var search = Translate(query);
        SqlFunctions.Register(connection);
        using var command = Command($"select c.id from cards c join notes n on n.id = c.nid where {search.Condition} order by c.id");
        foreach (var (name, value) in search.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var ids = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public void Exec(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public void Dispose() => connection.Dispose();
}
