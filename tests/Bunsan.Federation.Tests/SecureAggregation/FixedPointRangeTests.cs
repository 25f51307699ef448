using Bunsan.Federation.SecureAggregation;

namespace Bunsan.Federation.Tests.SecureAggregation;

public sealed class FixedPointRangeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(50)]
    [InlineData(int.MaxValue)]
    public void Limit_TimesParties_NeverExceedsLongMax(int parties) =>
        Assert.True((Int128)FixedPointRange.Limit(parties) * parties <= long.MaxValue);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Problem_AtTheLimit_IsNull(int parties)
    {
        long limit = FixedPointRange.Limit(parties);

        Assert.Null(FixedPointRange.Problem(limit, parties));
        Assert.Null(FixedPointRange.Problem(-limit, parties));
    }

    [Fact]
    public void Problem_OneBeyondTheLimit_NamesTheLimit()
    {
        long limit = FixedPointRange.Limit(3);

        string? above = FixedPointRange.Problem((Int128)limit + 1, 3);
        string? below = FixedPointRange.Problem(-(Int128)limit - 1, 3);

        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), above, StringComparison.Ordinal);
        Assert.NotNull(below);
        Assert.NotNull(FixedPointRange.Problem(Int128.MinValue, 3));
    }

    [Fact]
    public void Problem_NoParties_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointRange.Problem(0, 0));

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    public void Problem_PartialsAtTheLimit_MaskedSumDecodesExactly(int parties)
    {
        // The worst case the check allows: every party at +limit (and at −limit), the sum still fits a long.
        long limit = FixedPointRange.Limit(parties);
        long[][] values = [.. Enumerable.Range(0, parties).Select(_ => new[] { limit, -limit })];
        using var group = new PartyGroup(parties);

        long[] sum = MaskedSum.Decode(MaskedSum.Add(group.MaskAll(values)));

        Assert.Equal([limit * parties, -limit * parties], sum);
    }
}
