using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace AnkiSync.Collection
{
    /// <summary>
    /// Deck options presets in the schema-11 <c>dconf</c> JSON (rslib deckconfig/schema11.rs): the settings AnkiSync exposes, read
    /// and changed in place (every other key is kept), with the bounds Anki's deck options screen enforces
    /// (rslib deckconfig: ensure_deck_config_values_valid).
    /// </summary>
    internal static class DeckConfigs
    {
        public static AnkiDeckConfig ToPublic(JsonObject config, AnkiPackage package)
        {
            long id = CollectionJson.ReadLong(config["id"]);
            var newCards = config["new"] as JsonObject;
            var reviews = config["rev"] as JsonObject;
            var lapses = config["lapse"] as JsonObject;
            return new AnkiDeckConfig
            {
                Id = id,
                Name = CollectionJson.ReadString(config["name"]),
                NewPerDay = (int)CollectionJson.ReadLong(newCards?["perDay"], 20),
                ReviewsPerDay = (int)CollectionJson.ReadLong(reviews?["perDay"], 200),
                LearningSteps = Steps(newCards?["delays"]),
                RelearningSteps = Steps(lapses?["delays"]),
                MaximumInterval = (int)CollectionJson.ReadLong(reviews?["maxIvl"], 36500),
                StartingEase = CollectionJson.ReadLong(newCards?["initialFactor"], 2500) / 1000.0,
                Decks = package.State.Decks.All
                    .Where(d => !DeckTable.IsFiltered(d) && CollectionJson.ReadLong(d["conf"], 1) == id)
                    .Select(d => CollectionJson.ReadString(d["name"]))
                    .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                    .ToArray(),
                Package = package,
            };
        }

        /// <summary>The preset named <paramref name="name"/> (case-insensitive, an exact match first), or null.</summary>
        public static JsonObject? Find(CollectionJson json, string name)
        {
            JsonObject? found = null;
            foreach (var config in json.DeckConfigs.Select(p => p.Value).OfType<JsonObject>())
            {
                string candidate = CollectionJson.ReadString(config["name"]);
                if (string.Equals(candidate, name, StringComparison.Ordinal))
                {
                    return config;
                }

                if (found == null && string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
                {
                    found = config;
                }
            }

            return found;
        }

        public static AnkiException NotFound(CollectionJson json, string name)
        {
            string known = string.Join(", ", json.DeckConfigs.Select(p => p.Value).OfType<JsonObject>().Select(c => "'" + CollectionJson.ReadString(c["name"]) + "'"));
            return new AnkiException(AnkiErrors.DeckConfigNotFound,
                $"There is no deck options preset named '{name}'. The presets are: {known}. Create one with New-AnkiDeckConfig.", name);
        }

        /// <summary>Checks every value before anything is changed: a value Anki would not keep is InvalidDeckConfig.</summary>
        public static void Validate(DeckConfigChange change)
        {
            Range(change.NewPerDay, 0, 9999, "NewPerDay");
            Range(change.ReviewsPerDay, 0, 9999, "ReviewsPerDay");
            Range(change.MaximumInterval, 1, 36500, "MaximumInterval");
            if (change.StartingEase is double ease && (double.IsNaN(ease) || ease < 1.31 || ease > 5.0))
            {
                throw Invalid($"StartingEase must be between 1.31 and 5 (2.5 is 250%), not {ease.ToString(CultureInfo.InvariantCulture)}.", ease);
            }

            CheckSteps(change.LearningSteps, "LearningSteps");
            CheckSteps(change.RelearningSteps, "RelearningSteps");
        }

        /// <summary>Applies the change; returns whether any stored value changed.</summary>
        public static bool Apply(JsonObject config, DeckConfigChange change)
        {
            // A section is touched only for a setting that is given, so a change of one leaves the others' JSON alone.
            bool changed = false;
            if (change.NewPerDay is int newPerDay)
            {
                changed |= SetNumber(Section(config, "new"), "perDay", newPerDay);
            }

            if (change.ReviewsPerDay is int reviewsPerDay)
            {
                changed |= SetNumber(Section(config, "rev"), "perDay", reviewsPerDay);
            }

            if (change.MaximumInterval is int maximumInterval)
            {
                changed |= SetNumber(Section(config, "rev"), "maxIvl", maximumInterval);
            }

            if (change.StartingEase is double ease)
            {
                changed |= SetNumber(Section(config, "new"), "initialFactor", (int)Math.Round(ease * 1000));
            }

            if (change.LearningSteps != null)
            {
                changed |= SetSteps(Section(config, "new"), change.LearningSteps);
            }

            if (change.RelearningSteps != null)
            {
                changed |= SetSteps(Section(config, "lapse"), change.RelearningSteps);
            }

            return changed;
        }

        private static JsonObject Section(JsonObject config, string key)
        {
            if (config[key] is JsonObject section)
            {
                return section;
            }

            // A malformed section reads as Anki's defaults (rslib deckconfig/schema11.rs); write them, then the change.
            var defaults = (JsonObject)CollectionDefaults.DeckConfig(1, "", 0)[key]!;
            var copy = (JsonObject)defaults.DeepClone();
            config[key] = copy;
            return copy;
        }

        private static bool SetNumber(JsonObject section, string key, int value)
        {
            if (section[key] is JsonValue && CollectionJson.ReadLong(section[key], long.MinValue) == value)
            {
                return false;
            }

            section[key] = value;
            return true;
        }

        private static bool SetSteps(JsonObject section, IReadOnlyList<double> steps)
        {
            if (Steps(section["delays"]).SequenceEqual(steps))
            {
                return false;
            }

            var array = new JsonArray();
            foreach (double step in steps)
            {
                array.Add(step);
            }

            section["delays"] = array;
            return true;
        }

        private static double[] Steps(JsonNode? node)
        {
            var steps = new List<double>();
            foreach (var item in node as JsonArray ?? new JsonArray())
            {
                if (item is JsonValue value && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double step))
                {
                    steps.Add(step);
                }
            }

            return steps.ToArray();
        }

        private static void Range(int? value, int minimum, int maximum, string name)
        {
            if (value is int v && (v < minimum || v > maximum))
            {
                throw Invalid($"{name} must be between {minimum} and {maximum}, not {v}.", v);
            }
        }

        private static void CheckSteps(IReadOnlyList<double>? steps, string name)
        {
            foreach (double step in steps ?? Array.Empty<double>())
            {
                if (double.IsNaN(step) || double.IsInfinity(step) || step <= 0 || step > 65535 * 60.0)
                {
                    throw Invalid($"{name} are minutes above 0 (e.g. 1, 10 or 1440 for a day), not {step.ToString(CultureInfo.InvariantCulture)}.", step);
                }
            }
        }

        private static AnkiException Invalid(string message, object target)
            => new AnkiException(AnkiErrors.InvalidDeckConfig, message, target);
    }
}
