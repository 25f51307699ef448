using System.Numerics;
using Bunsan.Agent.Data;

namespace Bunsan.Agent.Tests.Data;

public sealed class DuckDbKeyValuesTests
{
    public static TheoryData<object?, object?> Convertible => new()
    {
        { null, null },
        { DBNull.Value, null },
        { 7, 7L },
        { (short)-3, -3L },
        { (sbyte)-1, -1L },
        { (byte)200, 200L },
        { (ushort)60000, 60000L },
        { 4000000000u, 4000000000L },
        { 5ul, 5L },
        { new BigInteger(-42), -42L },
        { 1.5f, 1.5 },
        { 2.25, 2.25 },
        { 1.50m, 1.50m },
        { "tokyo", "tokyo" },
        { true, true },
        { new DateOnly(2018, 1, 2), new DateOnly(2018, 1, 2) },
        { new DateTime(2018, 1, 2, 3, 0, 0, DateTimeKind.Local), new DateTime(2018, 1, 2, 3, 0, 0) },
        { new DateTimeOffset(2018, 1, 2, 12, 0, 0, TimeSpan.FromHours(9)), new DateTime(2018, 1, 2, 3, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(Convertible))]
    public void TryConvert_DuckDbValue_GivesGroupKeyValue(object? value, object? expected)
    {
        Assert.True(DuckDbKeyValues.TryConvert(value, out object? key, out string? problem));
        Assert.Null(problem);
        Assert.Equal(expected, key);
    }

    [Fact]
    public void TryConvert_Unsupported_SaysHowToCast()
    {
        Assert.False(DuckDbKeyValues.TryConvert(new TimeOnly(10, 30), out _, out string? problem));
        Assert.Contains("group by CAST(… AS VARCHAR)", problem, StringComparison.Ordinal);
        Assert.False(DuckDbKeyValues.TryConvert(ulong.MaxValue, out _, out _));
        Assert.False(DuckDbKeyValues.TryConvert(BigInteger.Pow(2, 64), out _, out _));
        Assert.False(DuckDbKeyValues.TryConvert(Guid.Empty, out _, out _));
    }
}
