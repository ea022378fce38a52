using System;
using System.Collections.Generic;

namespace AnkiSync.Scheduling
{
    /// <summary>
    /// What Anki does to a card for each browser operation, restated from rslib: set due date
    /// (scheduler/reviews.rs), forget (scheduler/new.rs), suspend and unsuspend/unbury (scheduler/bury_and_suspend.rs),
    /// change deck and flag (card/mod.rs), leaving a filtered deck (scheduler/filtered/card.rs). Pure functions on a
    /// <see cref="CardRow"/>; the caller writes the row and the review log.
    /// </summary>
    internal static class CardScheduler
    {
        public const int TypeNew = 0;
        public const int TypeLearn = 1;
        public const int TypeReview = 2;
        public const int TypeRelearn = 3;
        public const int QueueSuspended = -1;

        /// <summary>A due value that is a timestamp (intraday learning) rather than a day number.</summary>
        public static bool IsEpochTimestamp(long due) => due > 1_000_000_000;

        /// <summary>Makes the card a review card due <paramref name="daysFromToday"/> days from today.</summary>
        /// <param name="card">Changed in place.</param>
        /// <param name="today">Days elapsed since the collection's creation.</param>
        /// <param name="nextDayAt">Epoch seconds of the next rollover.</param>
        /// <param name="daysFromToday">0 is today.</param>
        /// <param name="initialEase">The home deck's starting ease (2500 = 250%), used when the card has none.</param>
        /// <param name="resetInterval">The trailing '!': set the interval to the distance instead of keeping it.</param>
        /// <param name="fsrs">The collection uses FSRS.</param>
        public static void SetDueDate(CardRow card, long today, long nextDayAt, long daysFromToday, long initialEase, bool resetInterval, bool fsrs)
        {
            long newDue = today + daysFromToday;
            long interval;
            if (fsrs)
            {
                if (card.Queue == 0 || card.Interval == 0)
                {
                    // Repeated use on a new card must not grow the interval.
                    interval = 0;
                }
                else if (card.LastReviewTime is long lastReview)
                {
                    interval = (Math.Max(0, nextDayAt - lastReview) / 86_400) + daysFromToday;
                }
                else
                {
                    long due = card.IsFiltered ? card.OriginalDue : card.Due;
                    long dueDay = IsEpochTimestamp(due) ? today + ((due - nextDayAt) / 86_400) : due;
                    interval = Math.Max(0, card.Interval + (newDue - dueDay));
                }
            }
            else if (resetInterval || (card.Type != TypeReview && card.Type != TypeRelearn))
            {
                interval = Math.Max(1, daysFromToday);
            }
            else
            {
                interval = Math.Max(1, card.Interval);
            }

            // schedule_as_review
            card.OriginalPosition = LastPosition(card);
            RemoveFromFilteredDeckBeforeReschedule(card);
            card.Interval = interval;
            card.Due = newDue;
            card.Type = TypeReview;
            card.Queue = 2;
            if (card.Factor == 0)
            {
                card.Factor = initialEase;
            }
        }

        /// <summary>
        /// Anki's Forget: a new card at <paramref name="position"/> (or, with <paramref name="restorePosition"/>, at
        /// the position it had before it was first studied, when known). Returns whether <paramref name="position"/> was used.
        /// </summary>
        public static bool ScheduleAsNew(CardRow card, long position, bool resetCounts, bool restorePosition)
        {
            long? last = restorePosition ? LastPosition(card) : null;
            RemoveFromFilteredDeckBeforeReschedule(card);
            card.Due = last ?? position;
            card.Type = TypeNew;
            card.Queue = 0;
            card.Interval = 0;
            card.Factor = 0;
            card.OriginalPosition = null;
            if (resetCounts)
            {
                card.Reps = 0;
                card.Lapses = 0;
            }

            card.ClearMemoryState();
            return last == null;
        }

        /// <summary>Suspends the card; false when it already was.</summary>
        public static bool Suspend(CardRow card)
        {
            if (card.Queue == QueueSuspended)
            {
                return false;
            }

            card.Queue = QueueSuspended;
            return true;
        }

        /// <summary>Unsuspends or unburies the card (its queue follows from its type again); false when it was neither.</summary>
        public static bool Restore(CardRow card)
        {
            if (card.Queue != -1 && card.Queue != -2 && card.Queue != -3)
            {
                return false;
            }

            RestoreQueueFromType(card);
            return true;
        }

        /// <summary>Sets the flag bits, keeping the other bits of <c>flags</c>; false when nothing changed.</summary>
        public static bool SetFlag(CardRow card, CardFlag flag)
        {
            long updated = (card.Flags & ~0b111L) | (long)flag;
            if (updated == card.Flags)
            {
                return false;
            }

            card.Flags = updated;
            return true;
        }

        /// <summary>
        /// Moves the card to a normal deck: a card in a filtered deck goes home first (its queue restored), its FSRS
        /// data is cleared, and a (re)learning card's remaining steps follow the new preset's steps.
        /// </summary>
        public static void SetDeck(CardRow card, long deckId, IReadOnlyList<double> oldSteps, IReadOnlyList<double> newSteps)
        {
            if (card.Type == TypeLearn || card.Type == TypeRelearn)
            {
                long? remaining = NewRemainingSteps(card.Left, newSteps, oldSteps);
                if (remaining != null)
                {
                    card.Left = remaining.Value;
                }
            }

            RemoveFromFilteredDeckRestoringQueue(card);
            card.ClearFsrsData();
            card.DeckId = deckId;
        }

        /// <summary>The new-queue position the card has or had before it was studied.</summary>
        public static long? LastPosition(CardRow card)
        {
            if (card.Type == TypeNew)
            {
                long due = card.IsFiltered ? card.OriginalDue : card.Due;
                // rslib keeps it as an unsigned 32-bit number.
                return due & 0xFFFF_FFFF;
            }

            return card.OriginalPosition;
        }

        /// <summary>
        /// Remaining steps after the steps changed (rslib <c>Card::new_remaining_steps</c>): a step remains when the
        /// card has not passed one with the same or a longer delay; at least one remains. Null when unchanged.
        /// </summary>
        internal static long? NewRemainingSteps(long left, IReadOnlyList<double> newSteps, IReadOnlyList<double> oldSteps)
        {
            long remaining = left % 1000;
            long result;
            if (oldSteps.Count == 0)
            {
                result = remaining;
            }
            else
            {
                long lastIndex = oldSteps.Count - (remaining + 1);
                int fromEnd = -1;
                if (lastIndex >= 0)
                {
                    double lastDelay = oldSteps[(int)lastIndex];
                    for (int i = newSteps.Count - 1, n = 0; i >= 0; i--, n++)
                    {
                        if (newSteps[i] <= lastDelay)
                        {
                            fromEnd = n;
                            break;
                        }
                    }
                }

                result = Math.Max(1, fromEnd >= 0 ? fromEnd : newSteps.Count);
            }

            return remaining != result ? result : (long?)null;
        }

        /// <summary>
        /// The queue a card of <paramref name="type"/> due at <paramref name="due"/> belongs in (rslib
        /// <c>restore_queue_from_type</c>): learning cards by timestamp or day, review cards in review, others new.
        /// </summary>
        public static long RestoredQueue(long type, long due) => type switch
        {
            TypeLearn or TypeRelearn => IsEpochTimestamp(due) ? 1 : 3,
            TypeReview => 2,
            _ => 0,
        };

        private static void RestoreQueueFromType(CardRow card) => card.Queue = RestoredQueue(card.Type, card.Due);

        private static void RemoveFromFilteredDeckBeforeReschedule(CardRow card)
        {
            if (card.OriginalDeckId != 0)
            {
                card.DeckId = card.OriginalDeckId;
                card.OriginalDeckId = 0;
                card.OriginalDue = 0;
            }
        }

        private static void RemoveFromFilteredDeckRestoringQueue(CardRow card)
        {
            if (card.OriginalDeckId == 0)
            {
                return;
            }

            card.DeckId = card.OriginalDeckId;
            card.OriginalDeckId = 0;
            if (card.OriginalDue != 0)
            {
                card.Due = card.OriginalDue;
            }

            if (card.Queue >= 0)
            {
                RestoreQueueFromType(card);
            }

            card.OriginalDue = 0;
        }
    }
}
