using System.Numerics;
using Bunsan.Federation.Privacy;

namespace Bunsan.Federation.Tests.Privacy;

public sealed class EpsilonTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("0.5", "0.5")]
    [InlineData("100", "100")]
    [InlineData("100.000000", "100")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("2.25", "2.25")]
    [InlineData("007", "7")]
    public void TryParse_PlainDecimal_Accepted(string text, string canonical)
    {
        Assert.True(Epsilon.TryParse(text, out Epsilon epsilon, out string? error), error);
        Assert.Null(error);
        Assert.Equal(canonical, epsilon.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1e3")]
    [InlineData("1E-3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("∞")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("0.000000")]
    [InlineData("0.0000001")]
    [InlineData("100.000001")]
    [InlineData("101")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,5")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1..5")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("１")]
    [InlineData("٣")]
    [InlineData("1\0")]
    [InlineData("0.5m")]
    public void TryParse_HostileText_RefusedNamingTheField(string? text)
    {
        Assert.False(Epsilon.TryParse(text, out Epsilon epsilon, out string? error));
        Assert.Equal(Epsilon.Zero, epsilon);
        Assert.StartsWith("epsilon", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_HugeString_RefusedWithoutEchoingIt()
    {
        string huge = new('9', 1_000_000);

        Assert.False(Epsilon.TryParse(huge, out _, out string? error));
        Assert.True(error!.Length < 300, "the error quotes a prefix, not the whole input");
    }

    [Fact]
    public void Add_TenTenths_IsExactlyOne()
    {
        Assert.True(Epsilon.TryParse("0.1", out Epsilon tenth, out _));
        Assert.True(Epsilon.TryParse("1", out Epsilon one, out _));
        Epsilon sum = Epsilon.Zero;
        for (int i = 0; i < 10; i++)
        {
            sum += tenth;
        }

        Assert.Equal(one, sum);
        Assert.Equal(one.GetHashCode(), sum.GetHashCode());
        Assert.Equal("1", sum.ToString());
        Assert.Equal(((BigInteger)1, (BigInteger)1), sum.ToRational());
    }

    [Fact]
    public void Subtract_WithinBudget_IsExact()
    {
        Epsilon budget = Parse("1");
        Epsilon spent = Parse("0.3") + Parse("0.4");

        Assert.Equal(Parse("0.3"), budget - spent);
        Assert.Equal(Epsilon.Zero, budget - budget);
    }

    [Fact]
    public void Subtract_BeyondBudget_Throws() => Assert.Throws<InvalidOperationException>(() => Parse("0.2") - Parse("0.3"));

    [Fact]
    public void Compare_Values_OrderExactly()
    {
        Epsilon small = Parse("0.000001");
        Epsilon large = Parse("0.000002");

        Assert.True(small < large && large > small && small <= Parse("0.000001") && large >= small);
        Assert.True(small.CompareTo(large) < 0);
        Assert.Equal(Parse("0.000003"), small + large);
    }

    [Theory]
    [InlineData("0.25", 1, 4)]
    [InlineData("0.000001", 1, 1_000_000)]
    [InlineData("2.5", 5, 2)]
    [InlineData("0.3", 3, 10)]
    [InlineData("100", 100, 1)]
    public void ToRational_Value_IsLowestTerms(string text, int numerator, int denominator) =>
        Assert.Equal(((BigInteger)numerator, (BigInteger)denominator), Parse(text).ToRational());

    [Fact]
    public void ToRational_Zero_IsZeroOverOne() => Assert.Equal((BigInteger.Zero, BigInteger.One), Epsilon.Zero.ToRational());

    private static Epsilon Parse(string text)
    {
        Assert.True(Epsilon.TryParse(text, out Epsilon epsilon, out string? error), error);
        return epsilon;
    }
}
