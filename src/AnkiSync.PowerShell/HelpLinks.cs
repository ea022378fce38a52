namespace AnkiSync.PowerShell
{
    /// <summary>
    /// Where each cmdlet's help page is published: the project's docs/en-US/&lt;Cmdlet&gt;.md. Every cmdlet's HelpUri is
    /// <see cref="Docs"/> + its name + ".md" (so Get-Help -Online works); the manifest's ProjectUri and the
    /// "online version:" of each help page name the same place (tests/pester/FirstUser.Tests.ps1 checks all three agree).
    /// </summary>
    internal static class HelpLinks
    {
        public const string Project = "https://github.com/ankisync/AnkiSync";

        public const string Docs = Project + "/blob/main/docs/en-US/";
    }
}
