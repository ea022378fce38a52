using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;

namespace AnkiSync
{
    /// <summary>
    /// A note's fields, name → value, in the note type's order; names compare case-insensitively. It behaves as an
    /// ordered dictionary (<c>Fields["Front"]</c>, <c>Fields[0]</c>, <c>Keys</c>, <c>Values</c>, enumeration of
    /// <see cref="DictionaryEntry"/>), and reading one costs no more than the note's row: the names and their
    /// positions are shared by every note of a note type, the values are the row's own.
    /// </summary>
    public sealed class AnkiFields : IOrderedDictionary
    {
        private readonly FieldLayout layout;
        private string[] values;
        private bool valuesShared = true;

        /// <summary>After a change of keys (adding, removing, inserting): a plain ordered dictionary that holds everything.</summary>
        private OrderedDictionary? detached;

        /// <summary>No fields (a new object before the reader fills it); each use gets its own, so changing one changes no other.</summary>
        internal static AnkiFields Empty => new AnkiFields(FieldLayout.None, Array.Empty<string>());

        internal AnkiFields(FieldLayout layout, string[] values)
        {
            this.layout = layout;
            this.values = values;
        }

        public int Count => detached?.Count ?? layout.Count;

        public ICollection Keys
        {
            get
            {
                if (detached != null)
                {
                    return detached.Keys;
                }

                return (string[])layout.Names.Clone();
            }
        }

        public ICollection Values
        {
            get
            {
                if (detached != null)
                {
                    return detached.Values;
                }

                var copy = new string[layout.Count];
                for (int slot = 0; slot < copy.Length; slot++)
                {
                    copy[slot] = ValueAt(slot);
                }

                return copy;
            }
        }

        public bool IsFixedSize => false;

        public bool IsReadOnly => false;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => this;

        /// <summary>The value of the field named <paramref name="key"/>; null when there is none.</summary>
        public object? this[object key]
        {
            get
            {
                if (detached != null)
                {
                    return detached[key];
                }

                return key is string name && layout.TryGetSlot(name, out int slot) ? ValueAt(slot) : null;
            }

            set
            {
                if (detached == null && key is string name && layout.TryGetSlot(name, out int slot) && (value == null || value is string))
                {
                    SetAt(slot, (string?)value);
                    return;
                }

                Detach()[key] = value;
            }
        }

        /// <summary>The value of the field at <paramref name="index"/> (0 is the first field).</summary>
        public object? this[int index]
        {
            get
            {
                if (detached != null)
                {
                    return detached[index];
                }

                if (index < 0 || index >= layout.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(index));
                }

                return ValueAt(index);
            }

            set
            {
                if (detached == null && index >= 0 && index < layout.Count && (value == null || value is string))
                {
                    SetAt(index, (string?)value);
                    return;
                }

                Detach()[index] = value;
            }
        }

        /// <summary>The value of <paramref name="name"/>, without boxing through <see cref="object"/>.</summary>
        public bool TryGetValue(string name, out string? value)
        {
            if (detached != null)
            {
                value = detached[name] as string;
                return detached.Contains(name);
            }

            if (layout.TryGetSlot(name, out int slot))
            {
                value = ValueAt(slot);
                return true;
            }

            value = null;
            return false;
        }

        /// <summary>The field's name as the note type spells it, for a name in any case; null when there is no such field.</summary>
        internal string? NameOf(string name)
        {
            if (detached != null)
            {
                foreach (object key in detached.Keys)
                {
                    if (key is string known && string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return known;
                    }
                }

                return null;
            }

            return layout.TryGetSlot(name, out int slot) ? layout.Names[slot] : null;
        }

        public bool Contains(object key)
            => detached != null ? detached.Contains(key) : key is string name && layout.TryGetSlot(name, out _);

        public void Add(object key, object? value) => Detach().Add(key, value);

        public void Insert(int index, object key, object? value) => Detach().Insert(index, key, value);

        public void Remove(object key) => Detach().Remove(key);

        public void RemoveAt(int index) => Detach().RemoveAt(index);

        public void Clear() => Detach().Clear();

        public void CopyTo(Array array, int index)
        {
            foreach (DictionaryEntry entry in this)
            {
                array.SetValue(entry, index++);
            }
        }

        public IDictionaryEnumerator GetEnumerator()
            => detached != null ? detached.GetEnumerator() : new Enumerator(this);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>"Front=…; Back=…", for display.</summary>
        public override string ToString()
        {
            var text = new System.Text.StringBuilder();
            foreach (DictionaryEntry entry in this)
            {
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                text.Append(entry.Key).Append('=').Append(entry.Value);
            }

            return text.ToString();
        }

        internal string ValueAt(int slot) => values[layout.Sources[slot]];

        private void SetAt(int slot, string? value)
        {
            if (valuesShared)
            {
                values = (string[])values.Clone();
                valuesShared = false;
            }

            values[layout.Sources[slot]] = value ?? "";
        }

        private OrderedDictionary Detach()
        {
            if (detached == null)
            {
                var copy = new OrderedDictionary(layout.Count, StringComparer.OrdinalIgnoreCase);
                for (int slot = 0; slot < layout.Count; slot++)
                {
                    copy.Add(layout.Names[slot], ValueAt(slot));
                }

                detached = copy;
            }

            return detached;
        }

        private sealed class Enumerator : IDictionaryEnumerator
        {
            private readonly AnkiFields fields;
            private int slot = -1;

            public Enumerator(AnkiFields fields) => this.fields = fields;

            public DictionaryEntry Entry => slot >= 0 && slot < fields.layout.Count
                ? new DictionaryEntry(fields.layout.Names[slot], fields.ValueAt(slot))
                : throw new InvalidOperationException("The enumerator is not on an item.");

            public object Key => Entry.Key;

            public object? Value => Entry.Value;

            public object Current => Entry;

            public bool MoveNext() => ++slot < fields.layout.Count;

            public void Reset() => slot = -1;
        }
    }

    /// <summary>
    /// The names of a note's fields and where each value sits in the row: shared by all notes of a note type
    /// that have the same number of values. A value without a field, or a field whose name is empty (which no
    /// property can have), is named by its position (Field1, Field2, …); a repeated name keeps its first value.
    /// </summary>
    internal sealed class FieldLayout
    {
        private readonly Dictionary<string, int> slots;

        private FieldLayout(string[] names, int[] sources, int valueCount)
        {
            Names = names;
            Sources = sources;
            ValueCount = valueCount;
            slots = new Dictionary<string, int>(names.Length, StringComparer.OrdinalIgnoreCase);
            for (int slot = 0; slot < names.Length; slot++)
            {
                slots.Add(names[slot], slot);
            }
        }

        /// <summary>The layout of no fields, shared (a layout never changes; a change of keys detaches the dictionary from it).</summary>
        public static readonly FieldLayout None = new FieldLayout(Array.Empty<string>(), Array.Empty<int>(), 0);

        public string[] Names { get; }

        /// <summary>Slot → index of its value in the row's values.</summary>
        public int[] Sources { get; }

        /// <summary>How many values the row has.</summary>
        public int ValueCount { get; }

        public int Count => Names.Length;

        public bool TryGetSlot(string name, out int slot) => slots.TryGetValue(name, out slot);

        public static FieldLayout Of(IReadOnlyList<string>? fieldNames, int valueCount)
        {
            var names = new List<string>(valueCount);
            var sources = new List<int>(valueCount);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < valueCount; i++)
            {
                string name = fieldNames != null && i < fieldNames.Count && fieldNames[i].Length > 0
                    ? fieldNames[i]
                    : "Field" + (i + 1).ToString(CultureInfo.InvariantCulture);
                if (seen.Add(name))
                {
                    names.Add(name);
                    sources.Add(i);
                }
            }

            return new FieldLayout(names.ToArray(), sources.ToArray(), valueCount);
        }
    }
}
