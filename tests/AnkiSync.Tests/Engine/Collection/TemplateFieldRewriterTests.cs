using System.Collections.Generic;
using System.Linq;
using AnkiSync.Editing;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>
/// Templates rewritten when fields are renamed or removed, as rslib's template.rs rename_and_remove_fields and
/// notetype's ensure-a-field step leave them; a template Anki cannot parse comes back null.
/// </summary>
public class TemplateFieldRewriterTests
{
    /// <summary>"Old=New" renames, "Old=" removes.</summary>
    private static Dictionary<string, string?> Map(string changes)
        => changes.Split(',', System.StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('='))
            .ToDictionary(p => p[0], p => p[1].Length == 0 ? null : p[1], System.StringComparer.Ordinal);

    [Theory]
    [InlineData("{{Front}}<br>{{Back}}", "Back=", null, false, "{{Front}}<br>")]
    [InlineData("{{#Back}}x {{Back}}{{/Back}}", "Back=Rear", null, false, "{{#Rear}}x {{Rear}}{{/Rear}}")]
    [InlineData("{{^Back}}none{{/Back}}", "Back=", null, false, "none")]
    [InlineData("{{#Extra}}{{Back}}{{/Extra}}", "Back=B", null, false, "{{#Extra}}{{B}}{{/Extra}}")]
    [InlineData("{{^Extra}}{{Back}}{{/Extra}}", "Back=B", null, false, "{{^Extra}}{{B}}{{/Extra}}")]
    [InlineData("{{text:hint:Back}}", "Back=Rear", null, false, "{{text:hint:Rear}}")]
    [InlineData("{{ #A }}x{{/A}}", "A=Z", null, false, "{{#Z}}x{{/Z}}")]
    [InlineData("{{#}}", "A=Z", null, false, "{{#}}")]
    [InlineData("{{}}", "A=Z", null, false, "{{}}")]
    [InlineData("{{Back", "Back=Rear", null, false, "{{Back")]
    [InlineData("<!-- {{Back}} -->{{Back}}", "Back=Rear", null, false, "<!-- {{Back}} -->{{Rear}}")]
    [InlineData("<!-- {{Back}}", "Back=Rear", null, false, "<!-- {{Rear}}")]
    [InlineData("<!-->{{Back}}", "Back=Rear", null, false, "<!-->{{Rear}}")]
    [InlineData("{{=<% %>=}}<%Back%>", "Back=Rear", null, false, "{{Rear}}")]
    [InlineData("  {{=<% %>=}}{{=<% %>=}}<%Back%> {{Back}}", "Back=Rear", null, false, "{{Rear}} {{Back}}")]
    public void RenamesAndRemovesFieldsAndKeepsTheRest(string template, string changes, string? ensure, bool cloze, string expected)
        => Assert.Equal(expected, TemplateFieldRewriter.Rewrite(template, Map(changes), ensure, cloze));

    [Theory]
    [InlineData("<b>{{Back}}</b>", "Back=", "Front", false, "<b></b>{{Front}}")]
    [InlineData("{{#Extra}}{{Extra}}{{/Extra}}", "", "Front", false, "{{#Extra}}{{Extra}}{{/Extra}}")]
    [InlineData("{{^Extra}}{{Extra}}{{/Extra}}", "", "Front", false, "{{^Extra}}{{Extra}}{{/Extra}}")]
    [InlineData("{{cloze:Text}}", "Text=", "Extra", true, "{{cloze:Extra}}")]
    [InlineData("{{Extra}}", "", "Text", true, "{{Extra}}{{cloze:Text}}")]
    [InlineData("{{#Extra}}{{cloze:Text}}{{/Extra}}", "", "Text", true, "{{#Extra}}{{cloze:Text}}{{/Extra}}")]
    [InlineData("{{^Extra}}{{cloze:Text}}{{/Extra}}", "", "Text", true, "{{^Extra}}{{cloze:Text}}{{/Extra}}")]
    [InlineData("{{#Extra}}x{{/Extra}}", "", "Text", true, "{{#Extra}}x{{/Extra}}{{cloze:Text}}")]
    public void AddsTheEnsuredFieldOnlyWhenNoReplacementIsLeft(string template, string changes, string ensure, bool cloze, string expected)
        => Assert.Equal(expected, TemplateFieldRewriter.Rewrite(template, Map(changes), ensure, cloze));

    [Theory]
    [InlineData("{{#A}}x{{/B}}")]
    [InlineData("{{/A}}")]
    [InlineData("{{#A}}x")]
    public void ATemplateThatDoesNotParseIsNull(string template)
        => Assert.Null(TemplateFieldRewriter.Rewrite(template, Map("A=Z"), null, false));
}
