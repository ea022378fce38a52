using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AnkiSync.Text;

namespace AnkiSync.PowerShell
{
    /// <summary>How parameter values users give (hashtables, arrays, CSV cells, PSObjects) become engine input.</summary>
    internal static class InputConversion
    {
        public static object? Unwrap(object? value) => value is PSObject shaped ? shaped.BaseObject : value;

        public static string? AsText(object? value)
        {
            value = Unwrap(value);
            return value == null ? null : value as string ?? LanguagePrimitives.ConvertTo<string>(value);
        }

        /// <summary>One string is a space-separated list (a CSV cell, <c>-Tags 'a b'</c>); an array holds one tag per element.</summary>
        public static IReadOnlyList<string>? Tags(object? tags)
        {
            object? value = Unwrap(tags);
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return TagList.Split(text);
                case IEnumerable items:
                    var list = new List<string>();
                    foreach (object? item in items)
                    {
                        string? tag = AsText(item);
                        if (tag != null)
                        {
                            list.Add(tag);
                        }
                    }

                    return list;
                default:
                    return TagList.Split(AsText(value) ?? "");
            }
        }

        /// <summary>Field name → value from a hashtable (or any dictionary) or from an object's properties.</summary>
        public static List<KeyValuePair<string, string?>> NamedValues(object source, ISet<string>? skip = null)
        {
            var named = new List<KeyValuePair<string, string?>>();
            if (Unwrap(source) is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    named.Add(new KeyValuePair<string, string?>(entry.Key?.ToString() ?? "", AsText(entry.Value)));
                }

                return named;
            }

            foreach (var property in PSObject.AsPSObject(source).Properties)
            {
                if (skip == null || !skip.Contains(property.Name))
                {
                    named.Add(new KeyValuePair<string, string?>(property.Name, AsText(property.Value)));
                }
            }

            return named;
        }
    }
}
