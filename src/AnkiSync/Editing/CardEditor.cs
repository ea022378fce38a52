using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnkiSync.Collection;
using AnkiSync.Scheduling;
using AnkiSync.Storage;
using Microsoft.Data.Sqlite;

namespace AnkiSync.Editing
{
    /// <summary>What <see cref="CardEditor"/> takes as "now" and where due-date ranges draw from; both injectable for tests.</summary>
    public sealed class CardEditOptions
    {
        /// <summary>The moment the changes are made (default: the clock, read at each change).</summary>
        public DateTimeOffset? Now { get; set; }

        /// <summary>Draws the day of a due-date range (default: a shared, unseeded generator).</summary>
        public Random? Random { get; set; }
    }

    /// <summary>What <see cref="CardEditor.Change"/> does to a card; null members are left alone.</summary>
    public sealed class CardChange
    {
        /// <summary>Move to this deck (created, with its parents, when missing).</summary>
        public string? Deck { get; set; }

        public CardFlag? Flag { get; set; }

        /// <summary>Anki's Set Due Date input: <c>0</c>, <c>3</c>, <c>1-7</c>, each with an optional trailing <c>!</c>.</summary>
        public DueDateSpec? DueDate { get; set; }
    }

    /// <summary>
    /// Changes cards in one transaction the way Anki's browser does (see <see cref="CardScheduler"/>): every changed
    /// row gets <c>usn</c> -1 and a new <c>mod</c> (a flag alone, like in Anki, only the usn); Set Due Date and Forget
    /// write the Manual review-log row Anki writes; Forget moves <c>nextPos</c> on.
    /// </summary>
    public sealed class CardEditor : NoteTransaction
    {
        private static readonly Random SharedRandom = new Random();
        private readonly CardEditOptions options;
        private readonly Dictionary<long, JsonObject?> deckConfigs = new Dictionary<long, JsonObject?>();
        private SqliteCommand readCard = null!;
        private SqliteCommand updateCard = null!;
        private SqliteCommand insertRevlog = null!;
        private SchedulerTiming? timing;
        private long? nextPosition;
        private int changed;

        internal CardEditor(AnkiPackage package, CardEditOptions? options)
            : base(package.State, package)
        {
            this.options = options ?? new CardEditOptions();
            PrepareStatements(() =>
            {
                readCard = Prepare("select id, nid, did, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data from cards where id = $id", "$id");
                updateCard = Prepare("update cards set did = $did, mod = $mod, usn = -1, type = $type, queue = $queue, due = $due, ivl = $ivl, factor = $factor, "
                    + "reps = $reps, lapses = $lapses, left = $left, odue = $odue, odid = $odid, flags = $flags, data = $data where id = $id",
                    "$did", "$mod", "$type", "$queue", "$due", "$ivl", "$factor", "$reps", "$lapses", "$left", "$odue", "$odid", "$flags", "$data", "$id");
                // Anki's revlog add.sql: an id already taken becomes max(id) + 1.
                insertRevlog = Prepare("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values ("
                    + "case when $id in (select id from revlog) then (select max(id) + 1 from revlog) else $id end, $cid, -1, 0, $ivl, $lastIvl, $factor, 0, 4)",
                    "$id", "$cid", "$ivl", "$lastIvl", "$factor");
            });
        }

        private protected override bool HasChanges => changed > 0;

        /// <summary>Suspends the card (Anki refuses this on V1-scheduler collections). Returns whether it changed.</summary>
        public bool Suspend(long cardId)
        {
            RequireV2("suspend cards");
            return Apply(cardId, CardScheduler.Suspend);
        }

        /// <summary>Unsuspends and unburies the card. Returns whether it changed.</summary>
        public bool Resume(long cardId) => Apply(cardId, CardScheduler.Restore);

        /// <summary>Moves, flags and reschedules the card as <paramref name="change"/> says. Returns whether it changed.</summary>
        public bool Change(long cardId, CardChange change)
        {
            long? targetDeck = null;
            if (change.Deck != null)
            {
                RequireV2("move cards to another deck");
                if (Fsrs)
                {
                    throw new AnkiException(AnkiErrors.FsrsNotSupported,
                        $"The collection of '{Package}' uses FSRS: when cards move to another deck, Anki recomputes their memory state from their review history, which AnkiSync cannot do. Move them in Anki.", cardId);
                }

                targetDeck = TargetDeck(change.Deck);
            }

            return Apply(cardId, card =>
            {
                bool flagOnly = true;
                bool any = false;
                if (targetDeck != null && card.DeckId != targetDeck.Value)
                {
                    var oldConfig = ConfigForDeck(card.IsFiltered ? card.OriginalDeckId : card.DeckId);
                    var newConfig = ConfigForDeck(targetDeck.Value);
                    var (oldSteps, newSteps) = card.Type == CardScheduler.TypeRelearn
                        ? (Steps(oldConfig, "lapse", 10.0), Steps(newConfig, "lapse", 10.0))
                        : (Steps(oldConfig, "new", 1.0, 10.0), Steps(newConfig, "new", 1.0, 10.0));
                    CardScheduler.SetDeck(card, targetDeck.Value, oldSteps, newSteps);
                    any = true;
                    flagOnly = false;
                }

                if (change.DueDate != null)
                {
                    SetDueDate(card, change.DueDate);
                    any = true;
                    flagOnly = false;
                }

                if (change.Flag != null && CardScheduler.SetFlag(card, change.Flag.Value))
                {
                    any = true;
                }

                return any ? (flagOnly ? Outcome.UsnOnly : Outcome.Changed) : Outcome.Unchanged;
            });
        }

        /// <summary>
        /// Anki's Forget: the card becomes new at the end of the new queue (in the order cards are given), or with
        /// <paramref name="restorePosition"/> where it was before it was first studied; <paramref name="resetCounts"/>
        /// sets reviews and lapses to 0. A Manual review-log row records it.
        /// </summary>
        public bool Forget(long cardId, bool restorePosition, bool resetCounts)
        {
            nextPosition ??= FirstFreePosition();
            return Apply(cardId, card =>
            {
                long originalInterval = card.Interval;
                if (CardScheduler.ScheduleAsNew(card, nextPosition.Value, resetCounts, restorePosition))
                {
                    nextPosition++;
                }

                LogManual(card, originalInterval);
                return Outcome.Changed;
            });
        }

        /// <summary>The card as it is now in this transaction, or null when it does not exist.</summary>
        public AnkiCard? Read(long cardId) => Package.GetCards(new CardFilter { Ids = new[] { cardId } }).FirstOrDefault();

        private protected override void BeforeCommit()
        {
            if (nextPosition != null)
            {
                State.Json.Conf["nextPos"] = nextPosition.Value;
            }
        }

        private enum Outcome
        {
            Unchanged,
            UsnOnly,
            Changed,
        }

        private bool Fsrs => CollectionJson.ReadLong(State.Json.Conf["fsrs"]) != 0;

        private DateTimeOffset Now => options.Now ?? DateTimeOffset.Now;

        private bool Apply(long cardId, Func<CardRow, bool> rule) => Apply(cardId, card => rule(card) ? Outcome.Changed : Outcome.Unchanged);

        private bool Apply(long cardId, Func<CardRow, Outcome> rule)
        {
            ThrowIfFinished();
            pendingRevlog = null;
            CardRow card = ReadCard(cardId);
            var original = card.Clone();
            Outcome outcome = rule(card);
            if (outcome == Outcome.Unchanged && card.SameAs(original))
            {
                return false;
            }

            try
            {
                pendingRevlog?.Invoke();
                pendingRevlog = null;
                long mod = outcome == Outcome.UsnOnly ? ReadMod(cardId) : Now.ToUnixTimeSeconds();
                Storage.AnkiDatabase.Bind(updateCard, card.DeckId, mod, card.Type, card.Queue, card.Due, card.Interval, card.Factor,
                    card.Reps, card.Lapses, card.Left, card.OriginalDue, card.OriginalDeckId, card.Flags, card.DataText(), card.Id);
                updateCard.ExecuteNonQuery();
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw Fail(e);
            }

            changed++;
            return true;
        }

        private Action? pendingRevlog;

        private void SetDueDate(CardRow card, DueDateSpec spec)
        {
            timing ??= SchedulerTiming.For(State.Json, Now);
            long homeDeck = card.IsFiltered ? card.OriginalDeckId : card.DeckId;
            var deck = DeckJson(homeDeck)
                ?? throw new AnkiException(AnkiErrors.DeckNotFound, $"The card {card.Id} is in deck {homeDeck}, which the collection lacks; Anki cannot set its due date either. Move it to a deck first.", card.Id);
            if (DeckTable.IsFiltered(deck))
            {
                throw new AnkiException(AnkiErrors.InvalidCardState, $"The home deck of card {card.Id} is a filtered deck, so Anki cannot set its due date.", card.Id);
            }

            var config = ConfigForDeck(homeDeck);
            long initialEase = config?["new"] is JsonObject newConfig ? CollectionJson.ReadLong(newConfig["initialFactor"], 2500) : 2500;
            long originalInterval = card.Interval;
            int days = spec.Pick(options.Random ?? SharedRandom);
            CardScheduler.SetDueDate(card, timing.Value.DaysElapsed, timing.Value.NextDayAt, days, initialEase, spec.ResetInterval, Fsrs);
            LogManual(card, originalInterval);
        }

        /// <summary>The review-log row Anki writes for Set Due Date and Forget (written with the card's update).</summary>
        private void LogManual(CardRow card, long originalInterval)
        {
            long factor = card.Difficulty is double difficulty ? (long)(ushort)((((difficulty - 1.0) / 9.0) + 0.1) * 1000.0) : card.Factor;
            long id = Now.ToUnixTimeMilliseconds();
            long cardId = card.Id;
            long interval = card.Interval;
            pendingRevlog = () =>
            {
                Storage.AnkiDatabase.Bind(insertRevlog, id, cardId, Clamp32(interval), Clamp32(originalInterval), factor);
                insertRevlog.ExecuteNonQuery();
            };
        }

        private static long Clamp32(long value) => Math.Min(int.MaxValue, value);

        private CardRow ReadCard(long cardId)
        {
            try
            {
                readCard.Parameters[0].Value = cardId;
                using var reader = readCard.ExecuteReader();
                if (!reader.Read())
                {
                    throw new AnkiException(AnkiErrors.CardNotFound, $"There is no card with id {cardId}.", cardId);
                }

                return new CardRow
                {
                    Id = reader.GetInt64(0),
                    NoteId = reader.GetInt64(1),
                    DeckId = reader.GetInt64(2),
                    Type = reader.GetInt64(3),
                    Queue = reader.GetInt64(4),
                    Due = reader.GetInt64(5),
                    Interval = reader.GetInt64(6),
                    Factor = reader.GetInt64(7),
                    Reps = reader.GetInt64(8),
                    Lapses = reader.GetInt64(9),
                    Left = reader.GetInt64(10),
                    OriginalDue = reader.GetInt64(11),
                    OriginalDeckId = reader.GetInt64(12),
                    Flags = reader.GetInt64(13),
                    Data = CardRow.ParseData(RowReader.TextOrEmpty(reader, 14)),
                };
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }
        }

        private long ReadMod(long cardId) => State.Db.ScalarLong("select mod from cards where id = $id", ("$id", cardId));

        private void RequireV2(string what)
        {
            if (SchedulerTiming.IsV1(State.Json.Conf))
            {
                throw new AnkiException(AnkiErrors.SchedulerUpgradeRequired,
                    $"The collection of '{Package}' uses Anki's old V1 scheduler, on which Anki refuses to {what}. Open it in Anki once (which upgrades the scheduler), or import it there and change the cards in Anki.", Package.Path);
            }
        }

        private long TargetDeck(string name)
        {
            long id = State.EnsureDeck(name);
            if (DeckTable.IsFiltered(DeckJson(id)))
            {
                throw new AnkiException(AnkiErrors.FilteredDeck,
                    $"'{name}' is a filtered deck: Anki does not let cards be moved into one. Pick a normal deck.", name);
            }

            return id;
        }

        /// <summary>The new-card position Forget starts at: nextPos, but past every new card (apkg exports drop nextPos).</summary>
        private long FirstFreePosition()
        {
            long next = CollectionJson.ReadLong(State.Json.Conf["nextPos"], 0);
            try
            {
                long highest = State.Db.ScalarLong("select coalesce(max(case when odid != 0 then odue else due end), -1) from cards where type = 0");
                return Math.Max(Math.Max(0, next), highest + 1);
            }
            catch (Exception e) when (AnkiDatabase.IsStorageFailure(e))
            {
                throw State.StorageError(e, writing: false);
            }
        }

        private JsonObject? DeckJson(long id)
            => State.Decks.All.FirstOrDefault(d => CollectionJson.ReadLong(d["id"]) == id);

        /// <summary>The options preset of a deck (rslib falls back to the default preset, then to built-in defaults).</summary>
        private JsonObject? ConfigForDeck(long deckId)
        {
            if (!deckConfigs.TryGetValue(deckId, out var config))
            {
                var deck = DeckJson(deckId);
                long confId = deck == null ? 1 : CollectionJson.ReadLong(deck["conf"], 1);
                config = State.Json.DeckConfigs[confId.ToString(CultureInfo.InvariantCulture)] as JsonObject
                    ?? State.Json.DeckConfigs["1"] as JsonObject;
                deckConfigs[deckId] = config;
            }

            return config;
        }

        private static IReadOnlyList<double> Steps(JsonObject? config, string section, params double[] defaults)
        {
            if (config?[section] is JsonObject part && part["delays"] is JsonArray delays)
            {
                var steps = new List<double>();
                foreach (var step in delays)
                {
                    if (step is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
                    {
                        steps.Add(double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
                    }
                }

                return steps;
            }

            return defaults;
        }
    }
}
