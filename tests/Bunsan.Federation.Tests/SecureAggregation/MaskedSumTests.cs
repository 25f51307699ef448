using Bunsan.Federation.SecureAggregation;

namespace Bunsan.Federation.Tests.SecureAggregation;

public sealed class MaskedSumTests
{
    [Fact]
    public void Add_Vectors_SumsModulo2To64WithoutTouchingInputs()
    {
        ulong[] a = [ulong.MaxValue, 1, 2, 3, 4, 5, 6, 7, 8];
        ulong[] b = [2, 1, 1, 1, 1, 1, 1, 1, ulong.MaxValue];

        ulong[] sum = MaskedSum.Add([a, b]);

        Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8, 7], sum);
        Assert.Equal(ulong.MaxValue, a[0]);
    }

    [Fact]
    public void Add_LengthsDiffer_ThrowsNamingTheVector()
    {
        var error = Assert.Throws<ArgumentException>(() => MaskedSum.Add([new ulong[3], new ulong[3], new ulong[2]]));

        Assert.Contains("vector 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NoVectors_Throws() => Assert.Throws<ArgumentException>(() => MaskedSum.Add([]));

    [Fact]
    public void Decode_HighBitSet_ReadsTwosComplement() =>
        Assert.Equal([-1L, long.MinValue, long.MaxValue, 0], MaskedSum.Decode([ulong.MaxValue, 1UL << 63, (1UL << 63) - 1, 0]));
}
