namespace AnkiSync
{
    /// <summary>A card's flag, as Anki numbers them (the low three bits of <c>cards.flags</c>).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum CardFlag
    {
        None = 0,
        Red = 1,
        Orange = 2,
        Green = 3,
        Blue = 4,
        Pink = 5,
        Turquoise = 6,
        Purple = 7,
    }
}
