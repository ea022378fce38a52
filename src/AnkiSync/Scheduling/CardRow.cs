using System.Text.Json;
using System.Text.Json.Nodes;
using AnkiSync.Collection;

namespace AnkiSync.Scheduling
{
    /// <summary>
    /// One <c>cards</c> row, read to be changed by the rules of <see cref="CardScheduler"/> and written back whole,
    /// as rslib's <c>update_card</c> does.
    /// </summary>
    internal sealed class CardRow
    {
        /// <summary>The keys of rslib's <c>CardData</c>, in the order it writes them; it drops any other key.</summary>
        private static readonly string[] DataKeys = { "pos", "s", "d", "dr", "decay", "lrt", "cd" };

        public long Id { get; set; }

        public long NoteId { get; set; }

        public long DeckId { get; set; }

        public long Type { get; set; }

        public long Queue { get; set; }

        public long Due { get; set; }

        public long Interval { get; set; }

        public long Factor { get; set; }

        public long Reps { get; set; }

        public long Lapses { get; set; }

        public long Left { get; set; }

        public long OriginalDue { get; set; }

        public long OriginalDeckId { get; set; }

        public long Flags { get; set; }

        /// <summary>The parsed <c>data</c> column (<c>{"pos":…, "s":…, "d":…, …}</c>); empty when it was empty or not JSON.</summary>
        public JsonObject Data { get; set; } = new JsonObject();

        public bool IsFiltered => OriginalDeckId > 0;

        /// <summary>The position in the new queue before the card left it (<c>data.pos</c>).</summary>
        public long? OriginalPosition
        {
            get => Data["pos"] is JsonNode pos && pos.GetValueKind() == JsonValueKind.Number ? CollectionJson.ReadLong(pos) : (long?)null;
            set
            {
                if (value == null)
                {
                    Data.Remove("pos");
                }
                else
                {
                    Data["pos"] = value.Value;
                }
            }
        }

        /// <summary>FSRS difficulty (1–10) when the card has a memory state (both <c>s</c> and <c>d</c>).</summary>
        public double? Difficulty
            => Data["s"] is JsonNode s && s.GetValueKind() == JsonValueKind.Number && Data["d"] is JsonNode d && d.GetValueKind() == JsonValueKind.Number
                ? double.Parse(d.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
                : (double?)null;

        /// <summary>Epoch seconds of the last review, when Anki recorded it (<c>data.lrt</c>).</summary>
        public long? LastReviewTime => Data["lrt"] is JsonNode lrt && lrt.GetValueKind() == JsonValueKind.Number ? CollectionJson.ReadLong(lrt) : (long?)null;

        public void ClearMemoryState()
        {
            Data.Remove("s");
            Data.Remove("d");
        }

        public void ClearFsrsData()
        {
            ClearMemoryState();
            Data.Remove("dr");
            Data.Remove("decay");
        }

        public CardRow Clone()
        {
            var copy = (CardRow)MemberwiseClone();
            copy.Data = (JsonObject)Data.DeepClone();
            return copy;
        }

        public bool SameAs(CardRow other)
            => DeckId == other.DeckId && Type == other.Type && Queue == other.Queue && Due == other.Due && Interval == other.Interval
                && Factor == other.Factor && Reps == other.Reps && Lapses == other.Lapses && Left == other.Left
                && OriginalDue == other.OriginalDue && OriginalDeckId == other.OriginalDeckId && Flags == other.Flags
                && DataText() == other.DataText();

        public static JsonObject ParseData(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return new JsonObject();
            }

            try
            {
                return JsonNode.Parse(text) as JsonObject ?? new JsonObject();
            }
            catch (JsonException)
            {
                // rslib reads invalid card data as empty (CardData::from_str).
                return new JsonObject();
            }
        }

        /// <summary>The <c>data</c> column as rslib writes it: its known keys in its order, <c>{}</c> when none.</summary>
        public string DataText()
        {
            var ordered = new JsonObject();
            foreach (string key in DataKeys)
            {
                if (Data[key] is JsonNode value && value.GetValueKind() != JsonValueKind.Null
                    && !(key == "cd" && value.GetValueKind() == JsonValueKind.String && (value.GetValue<string>() is "" or "{}")))
                {
                    ordered[key] = value.DeepClone();
                }
            }

            return CollectionJson.Write(ordered);
        }
    }
}
