namespace AnkiSync.PowerShell.Commands
{
    /// <summary>Which cards -State selects.</summary>
    public enum CardStateFilter
    {
        New,
        Learning,
        Review,
        Relearning,
        Suspended,
        Buried,
    }
}
