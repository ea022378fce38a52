using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace AnkiSync.PowerShell.Commands
{
    /// <summary>
    /// Runs SQL on the collection with parameters from a hashtable. Rows come back as objects; a statement
    /// that changes rows reports the count. Everything runs in one transaction.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AnkiSql", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Docs + "Invoke-AnkiSql.md")]
    [OutputType(typeof(PSObject), typeof(int))]
    public sealed class InvokeAnkiSqlCommand : PackageCmdlet
    {
        /// <summary>The SQL text; use $name (or @name, :name) placeholders for values.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [NotAPackage("an SQL statement")]
        public string Query { get; set; } = "";

        /// <summary>Values for the placeholders: @{ name = value }.</summary>
        [Parameter]
        public Hashtable? Parameters { get; set; }

        protected override void ProcessRecord()
        {
            var package = OpenPackage();
            if (!ShouldProcess(package.ToString(), "Run SQL: " + Query))
            {
                return;
            }

            var values = new Dictionary<string, object?>();
            foreach (DictionaryEntry entry in Parameters ?? new Hashtable())
            {
                values[entry.Key?.ToString() ?? ""] = InputConversion.Unwrap(entry.Value);
            }

            try
            {
                var rows = package.ExecuteSql(Query, values, out int changed, out bool returnsRows);
                foreach (var row in rows)
                {
                    var shaped = new PSObject();
                    foreach (var pair in row)
                    {
                        shaped.Properties.Add(new PSNoteProperty(pair.Key, pair.Value));
                    }

                    WriteObject(shaped);
                }

                if (!returnsRows)
                {
                    WriteObject(changed);
                }
            }
            catch (AnkiException e)
            {
                ThrowAnkiError(e);
            }
        }
    }
}
