using System.Collections.Generic;
using AnkiSync.Text;

namespace AnkiSync.Tests.Engine.Text;

public class Base91Tests
{
    [Theory]
    [InlineData(0UL, "")]
    [InlineData(1UL, "b")]
    [InlineData(90UL, "~")]
    [InlineData(91UL, "ba")]
    [InlineData(1234567890UL, "saAKk")]
    [InlineData(ulong.MaxValue, "Rj&Z5m[>Zp")]
    public void MatchesAnki(ulong value, string expected)
    {
        Assert.Equal(expected, Base91.Encode(value));
    }

    [Fact]
    public void EachDigitValueHasItsOwnCharacter()
    {
        var seen = new HashSet<string>();
        for (ulong value = 1; value < 91; value++)
        {
            var encoded = Base91.Encode(value);
            Assert.Single(encoded);
            Assert.True(seen.Add(encoded));
        }
    }
}
