using System;
using System.Text.Json.Nodes;

namespace AnkiSync.Collection
{
    /// <summary>
    /// The schema-11 <c>col</c> JSON that modern Anki writes for a new collection: the <c>conf</c>
    /// blob, a deck, and a deck-options preset, with every key Anki requires and Anki's own defaults
    /// for the optional keys it writes (rslib config/schema11.rs, decks/schema11.rs).
    /// </summary>
    internal static class CollectionDefaults
    {
        /// <summary>The id of the deck every collection must have.</summary>
        public const long DefaultDeckId = 1;

        /// <summary>The id of the deck-options preset every collection must have.</summary>
        public const long DefaultDeckConfigId = 1;

        /// <summary>The <c>col.conf</c> blob of a new collection.</summary>
        /// <param name="creationOffsetMinutes">The local time zone's offset in minutes west of UTC (UTC-5 is 300).</param>
        public static JsonObject Conf(long creationOffsetMinutes) => new JsonObject
        {
            ["activeDecks"] = new JsonArray(DefaultDeckId),
            ["curDeck"] = DefaultDeckId,
            ["curModel"] = null,
            ["nextPos"] = 1,
            ["newSpread"] = 0,
            ["collapseTime"] = 1200,
            ["timeLim"] = 0,
            ["estTimes"] = true,
            ["dueCounts"] = true,
            ["sortType"] = "noteFld",
            ["sortBackwards"] = false,
            ["addToCur"] = true,
            ["dayLearnFirst"] = false,
            // The v2 scheduler with the 2021 (v3) scheduler on, as current Anki creates collections.
            ["schedVer"] = 2,
            ["sched2021"] = true,
            ["creationOffset"] = creationOffsetMinutes,
        };

        /// <summary>A normal (not filtered) deck that uses deck-options preset <paramref name="deckConfigId"/>.</summary>
        /// <param name="id">The deck id (1 for the Default deck).</param>
        /// <param name="name">The full deck name, levels separated by <c>::</c>.</param>
        /// <param name="modSeconds">The modification time, in seconds since the epoch.</param>
        /// <param name="deckConfigId">The deck-options preset the deck uses.</param>
        public static JsonObject Deck(long id, string name, long modSeconds, long deckConfigId = DefaultDeckConfigId)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            // Key order follows Anki's own serializer.
            return new JsonObject
            {
                ["id"] = id,
                ["mod"] = modSeconds,
                ["name"] = name,
                ["usn"] = 0,
                ["lrnToday"] = NotStudiedToday(),
                ["revToday"] = NotStudiedToday(),
                ["newToday"] = NotStudiedToday(),
                ["timeToday"] = NotStudiedToday(),
                ["collapsed"] = false,
                ["browserCollapsed"] = false,
                ["desc"] = "",
                ["dyn"] = 0,
                ["conf"] = deckConfigId,
                ["extendNew"] = 0,
                ["extendRev"] = 0,
                ["reviewLimit"] = null,
                ["newLimit"] = null,
                ["reviewLimitToday"] = null,
                ["newLimitToday"] = null,
            };
        }

        /// <summary>A deck-options preset with Anki's default settings (what Anki's "Default" preset starts as).</summary>
        public static JsonObject DeckConfig(long id, string name, long modSeconds)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            // Key order follows Anki's own serializer.
            return new JsonObject
            {
                ["id"] = id,
                ["mod"] = modSeconds,
                ["name"] = name,
                ["usn"] = 0,
                ["maxTaken"] = 60,
                ["autoplay"] = true,
                ["timer"] = 0,
                ["replayq"] = true,
                ["new"] = new JsonObject
                {
                    ["bury"] = false,
                    ["delays"] = new JsonArray(1.0, 10.0),
                    ["initialFactor"] = 2500,
                    ["ints"] = new JsonArray(1, 4, 0),
                    ["order"] = 1,
                    ["perDay"] = 20,
                },
                ["rev"] = new JsonObject
                {
                    ["bury"] = false,
                    ["ease4"] = 1.3,
                    ["ivlFct"] = 1.0,
                    ["maxIvl"] = 36500,
                    ["perDay"] = 200,
                    ["hardFactor"] = 1.2,
                },
                ["lapse"] = new JsonObject
                {
                    ["delays"] = new JsonArray(10.0),
                    ["leechAction"] = 1,
                    ["leechFails"] = 8,
                    ["minInt"] = 1,
                    ["mult"] = 0.0,
                },
                ["dyn"] = false,
                // The 2021 scheduler and FSRS settings current Anki writes alongside the schema-11 ones.
                ["newMix"] = 0,
                ["newPerDayMinimum"] = 0,
                ["interdayLearningMix"] = 0,
                ["reviewOrder"] = 0,
                ["newSortOrder"] = 0,
                ["newGatherPriority"] = 0,
                ["buryInterdayLearning"] = false,
                ["fsrsWeights"] = new JsonArray(),
                ["fsrsParams5"] = new JsonArray(),
                ["fsrsParams6"] = new JsonArray(),
                ["desiredRetention"] = 0.9,
                ["ignoreRevlogsBeforeDate"] = "",
                ["easyDaysPercentages"] = new JsonArray(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
                ["stopTimerOnAnswer"] = false,
                ["secondsToShowQuestion"] = 0.0,
                ["secondsToShowAnswer"] = 0.0,
                ["questionAction"] = 0,
                ["answerAction"] = 0,
                ["waitForAudio"] = true,
                ["sm2Retention"] = 0.9,
                ["weightSearch"] = "",
            };
        }

        private static JsonArray NotStudiedToday() => new JsonArray(0, 0);
    }
}
