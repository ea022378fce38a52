using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.CompilerServices;
using AnkiSync.Collection;

namespace AnkiSync.PowerShell
{
    /// <summary>
    /// Gives notes and cards one property per field, so <c>Where-Object Front -eq 'x'</c>, <c>Select-Object Front</c>
    /// and <c>Export-Csv</c> see the fields as properties. It is a type adapter registered for <see cref="AnkiCard"/>
    /// and <see cref="AnkiNote"/> when the module is imported: a field property is answered from the object's
    /// <see cref="AnkiFields"/> when asked for, so writing an object to the pipeline costs nothing per field.
    /// <para>
    /// The adapted view (what <c>Export-Csv</c> and <c>ConvertTo-Csv</c> write) is: the fields, then the object's own
    /// properties except <c>Fields</c> (the fields are already there, one column each), with <c>Tags</c> written as one
    /// space-separated column. A field whose name equals one of the object's own properties (e.g. "Tags") stays
    /// reachable through <c>Fields</c>. Everything else (the object's own properties by name) is PowerShell's own
    /// .NET adapter, unchanged.
    /// </para>
    /// </summary>
    public sealed class FieldPropertyAdapter : PSPropertyAdapter
    {
        private static readonly OwnProperties Card = new OwnProperties(typeof(AnkiCard));
        private static readonly OwnProperties Note = new OwnProperties(typeof(AnkiNote));

        /// <summary>The runspaces whose type table has the adapter (the others get note properties, as before it existed).</summary>
        private static readonly ConditionalWeakTable<Runspace, object> Registered = new ConditionalWeakTable<Runspace, object>();

        /// <summary>
        /// Registers the adapter in the current runspace's type table (called when the module is imported), with
        /// Update-TypeData given the types themselves (so it works while the engine is loaded in the module's private
        /// load context). A host built on the bare PowerShell engine may have no Microsoft.PowerShell.Utility module:
        /// then the type table is given the type data directly. Whether it took is checked on a sample note.
        /// </summary>
        internal static void Register()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null)
            {
                return;
            }

            var data = new[] { typeof(AnkiCard), typeof(AnkiNote) }.Select(t => new TypeData(t) { TypeAdapter = typeof(FieldPropertyAdapter) }).ToList();
            if (!Takes())
            {
                try
                {
                    using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
                    foreach (var typeData in data)
                    {
                        shell.AddCommand("Microsoft.PowerShell.Utility\\Update-TypeData").AddParameter("TypeData", typeData).AddParameter("Force").AddStatement();
                    }

                    shell.Invoke();
                }
                catch (RuntimeException)
                {
                    // Tried below.
                }
            }

            if (!Takes())
            {
                var table = TypeTableOf(runspace);
                if (table != null)
                {
                    foreach (var typeData in data)
                    {
                        try
                        {
                            table.AddType(typeData);
                        }
                        catch (RuntimeException)
                        {
                            // Checked below.
                        }
                    }
                }
            }

            if (Takes())
            {
                Registered.GetValue(runspace, _ => true);
            }
        }

        /// <summary>
        /// What a cmdlet writes for a note or card: the object itself where the adapter gives it its field properties,
        /// else the object with one note property per field (a host whose type table could not take the adapter).
        /// </summary>
        internal static object Shape(object item)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace != null && Registered.TryGetValue(runspace, out _))
            {
                return item;
            }

            var (fields, own) = Describe(item);
            var shaped = PSObject.AsPSObject(item);
            if (fields != null && own != null)
            {
                foreach (DictionaryEntry field in fields)
                {
                    if (field.Key is string name && !own.Contains(name) && shaped.Properties[name] == null)
                    {
                        shaped.Properties.Add(new PSNoteProperty(name, field.Value));
                    }
                }
            }

            return shaped;
        }

        /// <summary>Whether a note written now would get its field properties from the adapter.</summary>
        private static bool Takes()
        {
            var sample = new AnkiNote { Fields = RowReader.FieldsOf(null, new[] { "" }) };
            return new PSObject(sample).Properties["Field1"] != null;
        }

        /// <summary>The runspace's live type table, for hosts without Update-TypeData; null when this PowerShell keeps it elsewhere.</summary>
        private static TypeTable? TypeTableOf(Runspace runspace)
        {
            const BindingFlags Inside = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
            object? context = runspace.GetType().GetProperty("ExecutionContext", Inside)?.GetValue(runspace)
                ?? runspace.GetType().GetProperty("GetExecutionContext", Inside)?.GetValue(runspace);
            return context?.GetType().GetProperty("TypeTable", Inside)?.GetValue(context) as TypeTable;
        }

        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var properties = new Collection<PSAdaptedProperty>();
            var (fields, own) = Describe(baseObject);
            if (fields == null || own == null)
            {
                return properties;
            }

            foreach (DictionaryEntry field in fields)
            {
                if (field.Key is string name && !own.Contains(name))
                {
                    properties.Add(new PSAdaptedProperty(name, null));
                }
            }

            foreach (PropertyInfo property in own.Listed)
            {
                properties.Add(new PSAdaptedProperty(property.Name, property));
            }

            return properties;
        }

        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            var (fields, own) = Describe(baseObject);
            if (fields == null || own == null)
            {
                return null;
            }

            if (string.Equals(propertyName, nameof(AnkiCard.Tags), StringComparison.OrdinalIgnoreCase))
            {
                return new PSAdaptedProperty(own.Tags.Name, own.Tags);
            }

            // The object's other own properties are left to PowerShell's .NET adapter (it comes next).
            string? name = fields.NameOf(propertyName);
            return name == null || own.Contains(name) ? null : new PSAdaptedProperty(name, null);
        }

        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
        {
            if (adaptedProperty.Tag is PropertyInfo property)
            {
                object? value = property.GetValue(adaptedProperty.BaseObject);

                // Tags stay an array for scripts (-contains, .Count, [0]); wrapped, the array's text is its items
                // separated by spaces, Anki's own form, which is what Export-Csv writes.
                return value is string[] tags ? PSObject.AsPSObject(tags) : value;
            }

            return Describe(adaptedProperty.BaseObject).Fields?[adaptedProperty.Name];
        }

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value)
        {
            object? plain = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (adaptedProperty.Tag is PropertyInfo property)
            {
                if (property.SetMethod == null || !property.SetMethod.IsPublic)
                {
                    throw new SetValueException($"The property '{property.Name}' is read-only.");
                }

                property.SetValue(adaptedProperty.BaseObject, plain);
                return;
            }

            var fields = Describe(adaptedProperty.BaseObject).Fields;
            if (fields != null)
            {
                // What the old note properties allowed: changing the value in memory (the package is not changed).
                fields[adaptedProperty.Name] = plain?.ToString();
            }
        }

        /// <summary>The type names PowerShell gives each new object (for type data and views): built once per type, not per object.</summary>
        public override Collection<string> GetTypeNameHierarchy(object baseObject) => baseObject switch
        {
            AnkiCard _ => Card.TypeNames,
            AnkiNote _ => Note.TypeNames,
            _ => base.GetTypeNameHierarchy(baseObject),
        };

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override bool IsSettable(PSAdaptedProperty adaptedProperty)
            => !(adaptedProperty.Tag is PropertyInfo property) || (property.SetMethod != null && property.SetMethod.IsPublic);

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
            => adaptedProperty.Tag is PropertyInfo property ? property.PropertyType.FullName! : typeof(string).FullName!;

        private static (AnkiFields? Fields, OwnProperties? Own) Describe(object baseObject) => baseObject switch
        {
            AnkiCard card => (card.Fields, Card),
            AnkiNote note => (note.Fields, Note),
            _ => (null, null),
        };

        /// <summary>The public properties of a type: their names (which no field property may take) and the ones listed after the fields.</summary>
        private sealed class OwnProperties
        {
            private readonly HashSet<string> names;

            public OwnProperties(Type type)
            {
                var all = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
                names = new HashSet<string>(all.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
                Listed = all.Where(p => p.Name != nameof(AnkiCard.Fields) && p.GetIndexParameters().Length == 0).ToArray();
                Tags = all.Single(p => p.Name == nameof(AnkiCard.Tags));
                TypeNames = new Collection<string>();
                for (Type? t = type; t != null; t = t.BaseType)
                {
                    TypeNames.Add(t.FullName!);
                }
            }

            public Collection<string> TypeNames { get; }

            public PropertyInfo[] Listed { get; }

            public PropertyInfo Tags { get; }

            public bool Contains(string name) => names.Contains(name);
        }
    }
}
