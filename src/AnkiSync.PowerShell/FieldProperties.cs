using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// Gives notes and cards one property per field, so <c>Where-Object Front -eq 'x'</c> works. A field whose
    /// name equals one of the object's own properties (e.g. "Tags") stays reachable through <c>Fields</c>.
    /// </summary>
    internal static class FieldProperties
    {
        public static PSObject Attach(object item, OrderedDictionary fields)
        {
            var shaped = PSObject.AsPSObject(item);
            foreach (DictionaryEntry field in fields)
            {
                string name = (string)field.Key;
                if (shaped.Properties[name] == null)
                {
                    shaped.Properties.Add(new PSNoteProperty(name, field.Value));
                }
            }

            return shaped;
        }
    }
}
