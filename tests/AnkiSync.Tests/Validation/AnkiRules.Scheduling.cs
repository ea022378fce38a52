using System.Collections.Generic;
using System.Text.Json;
using AnkiSync.Tests.Engine.Reading;

namespace AnkiSync.Tests.Validation;

internal static partial class AnkiRules
{
    /// <summary>
    /// ANKI-FORMAT's card and review-log columns, and how rslib keeps them consistent (card/mod.rs CardType and
    /// CardQueue; revlog/mod.rs): a card's queue follows from its type, learning queues hold timestamps and review
    /// queues day numbers, a new card has no interval; <c>data</c> is empty or a JSON object; a review-log
    /// row's button is 0–4 and its kind 0–5, and only manual and rescheduled rows have no button.
    /// </summary>
    private static void CheckScheduling(RawFixture raw, List<string> problems)
    {
        foreach (var card in raw.Cards)
        {
            string who = $"card {card.Id}";
            if (card.Type < 0 || card.Type > 3)
            {
                problems.Add($"{who}: type {card.Type} is not new, learning, review or relearning");
                continue;
            }

            if (card.Queue < -3 || card.Queue > 4)
            {
                problems.Add($"{who}: queue {card.Queue} is not one Anki has");
                continue;
            }

            bool fits = card.Queue switch
            {
                0 => card.Type == 0,
                1 or 3 => card.Type == 1 || card.Type == 3,
                2 => card.Type == 2,
                _ => true,
            };
            if (!fits)
            {
                problems.Add($"{who}: queue {card.Queue} does not go with type {card.Type}");
            }

            if (card.Queue == 1 && card.Due <= 1_000_000_000)
            {
                problems.Add($"{who}: in the learning queue but due {card.Due} is not a timestamp");
            }

            if ((card.Queue == 2 || card.Queue == 3) && card.Due > 1_000_000_000)
            {
                problems.Add($"{who}: in a day queue but due {card.Due} is a timestamp");
            }

            if (card.Type == 0 && card.Interval != 0)
            {
                // (Anki 2.0 gave new cards ease 2500; current Anki gives 0. The interval is 0 in both.)
                problems.Add($"{who}: a new card with interval {card.Interval}");
            }

            if (card.Data.Length > 0)
            {
                try
                {
                    using var data = JsonDocument.Parse(card.Data);
                    if (data.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"{who}: data '{card.Data}' is not a JSON object");
                    }
                }
                catch (JsonException)
                {
                    problems.Add($"{who}: data '{card.Data}' is not JSON");
                }
            }
        }

        foreach (var row in raw.Revlog)
        {
            string who = $"revlog {row.Id}";
            if (row.Ease < 0 || row.Ease > 4)
            {
                problems.Add($"{who}: button {row.Ease} is not 0-4");
            }

            if (row.Type < 0 || row.Type > 5)
            {
                problems.Add($"{who}: kind {row.Type} is not 0-5");
            }

            if (row.Type == 4 && row.Ease != 0)
            {
                problems.Add($"{who}: a manual row with button {row.Ease}");
            }
        }
    }
}
