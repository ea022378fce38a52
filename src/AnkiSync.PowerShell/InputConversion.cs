using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;
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

            var shaped = PSObject.AsPSObject(source);
            foreach (var property in PropertiesOf(shaped))
            {
                if (skip == null || !skip.Contains(property.Name))
                {
                    named.Add(new KeyValuePair<string, string?>(property.Name, AsText(property.Value)));
                }
            }

            return named;
        }

        /// <summary>
        /// The properties of a row. For a [pscustomobject] (Import-Csv rows, hand-built rows) every property is
        /// an instance member, and reading those directly is about fifteen times cheaper than enumerating
        /// <see cref="PSObject.Properties"/>, which builds and keeps a member table on each row: at 100k piped
        /// rows that is seconds and hundreds of MB. The instance members are not public API, so when they
        /// cannot be reached the public enumeration is used.
        /// </summary>
        private static IEnumerable<PSPropertyInfo> PropertiesOf(PSObject row)
        {
            if (row.BaseObject is PSCustomObject && InstanceMembers.Value is Func<PSObject, IEnumerable<PSMemberInfo>> instanceMembers)
            {
                foreach (var member in instanceMembers(row))
                {
                    if (member is PSPropertyInfo property)
                    {
                        yield return property;
                    }
                }

                yield break;
            }

            foreach (var property in row.Properties)
            {
                yield return property;
            }
        }

        private static readonly System.Lazy<Func<PSObject, IEnumerable<PSMemberInfo>>?> InstanceMembers = new System.Lazy<Func<PSObject, IEnumerable<PSMemberInfo>>?>(() =>
        {
            try
            {
                var getter = typeof(PSObject).GetProperty("InstanceMembers", BindingFlags.NonPublic | BindingFlags.Instance)?.GetGetMethod(nonPublic: true);
                return getter != null && typeof(IEnumerable<PSMemberInfo>).IsAssignableFrom(getter.ReturnType)
                    ? (Func<PSObject, IEnumerable<PSMemberInfo>>)Delegate.CreateDelegate(typeof(Func<PSObject, IEnumerable<PSMemberInfo>>), getter)
                    : null;
            }
            catch (Exception e) when (e is ArgumentException || e is MemberAccessException)
            {
                return null;
            }
        });
    }
}
