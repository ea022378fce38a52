using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AnkiSync.Bench
{
    /// <summary>
    /// The PowerShell floor for writing: the same parameters, attributes and binding as Add-AnkiNote,
    /// and a ProcessRecord that does nothing. What the pipeline costs before the module does any work.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "AnkiNoteFloor", SupportsShouldProcess = true)]
    [OutputType(typeof(AnkiNote))]
    public sealed class AddAnkiNoteFloorCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        public AnkiPackage Package { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Model")]
        public string NoteType { get; set; } = "Basic";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Deck { get; set; }

        [Parameter(Position = 0)]
        public object? Fields { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tag")]
        public object? Tags { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Guid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Key { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>What ProcessRecord does: "none" in every measurement; the other modes are for --profile pipeline only.</summary>
        internal static string Mode { get; set; } = "none";

        private static readonly HashSet<string> ParameterProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Package", "Session", "NoteType", "Deck", "Tags", "Tag", "Guid", "Key",
        };

        private static readonly string[] FieldNames = { "Front", "Back" };

        internal static string Describe(string mode) => mode switch
        {
            "properties" => "enumerate the row's Properties, converting each value to text (as InputConversion.NamedValues)",
            "match" => "Properties.Match(\"*\", PSMemberTypes.NoteProperty), converting each value to text",
            "extended" => "enumerate only the extended (instance) properties, via the psextended member set",
            "lookup" => "look up each of the note type's field names in the row's Properties",
            "shouldprocess" => "ShouldProcess(first field, \"Add Basic note\")",
            _ => "nothing (the floor)",
        };

        protected override void ProcessRecord()
        {
            // In the measurements this does nothing: the floor is parameter binding and pipeline overhead only.
            switch (Mode)
            {
                case "properties":
                    var named = new List<KeyValuePair<string, string?>>();
                    foreach (var property in PSObject.AsPSObject(InputObject!).Properties)
                    {
                        if (!ParameterProperties.Contains(property.Name))
                        {
                            named.Add(new KeyValuePair<string, string?>(property.Name, AsText(property.Value)));
                        }
                    }

                    break;
                case "match":
                    var matched = new List<KeyValuePair<string, string?>>();
                    foreach (var property in InputObject!.Properties.Match("*", PSMemberTypes.NoteProperty))
                    {
                        if (!ParameterProperties.Contains(property.Name))
                        {
                            matched.Add(new KeyValuePair<string, string?>(property.Name, AsText(property.Value)));
                        }
                    }

                    break;
                case "extended":
                    var extended = new List<KeyValuePair<string, string?>>();
                    if (InputObject!.Members["psextended"] is PSMemberSet set)
                    {
                        foreach (var property in set.Properties)
                        {
                            if (!ParameterProperties.Contains(property.Name))
                            {
                                extended.Add(new KeyValuePair<string, string?>(property.Name, AsText(property.Value)));
                            }
                        }
                    }

                    if (extended.Count != 2)
                    {
                        throw new InvalidOperationException($"psextended gave {extended.Count} field properties.");
                    }

                    break;
                case "lookup":
                    var values = new string?[FieldNames.Length];
                    for (int i = 0; i < FieldNames.Length; i++)
                    {
                        values[i] = AsText(InputObject!.Properties[FieldNames[i]]?.Value);
                    }

                    break;
                case "shouldprocess":
                    ShouldProcess((string)InputObject!.Properties["Front"].Value, $"Add {NoteType} note");
                    break;
            }
        }

        private static string? AsText(object? value)
        {
            value = value is PSObject shaped ? shaped.BaseObject : value;
            return value == null ? null : value as string ?? LanguagePrimitives.ConvertTo<string>(value);
        }
    }
}
