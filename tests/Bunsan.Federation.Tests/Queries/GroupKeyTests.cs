using System.Text.Json;
using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Tests.Queries;

public sealed class GroupKeyTests
{
    [Fact]
    public void Equals_SameValues_AreEqualWithEqualHashes()
    {
        var a = new GroupKey([2018L, "high", 1.0m, 0.0, new DateOnly(2018, 1, 2), null]);
        var b = new GroupKey([2018L, "high", 1.00m, -0.0, new DateOnly(2018, 1, 2), null]);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentKinds_AreDifferentKeys()
    {
        Assert.NotEqual(new GroupKey([1L]), new GroupKey([1.0]));
        Assert.NotEqual(new GroupKey([1L]), new GroupKey(["1"]));
        Assert.NotEqual(new GroupKey([1L]), new GroupKey([1L, 2L]));
    }

    [Fact]
    public void CompareTo_Values_OrderByValueWithNullsLast()
    {
        GroupKey[] keys =
        [
            new([null]),
            new(["b"]),
            new(["B"]),
            new(["a"]),
            new([true]),
            new([false]),
        ];

        string[] ordered = [.. keys.Order().Select(k => k.ToString())];

        Assert.Equal(["(False)", "(True)", "(B)", "(a)", "(b)", "(NULL)"], ordered);
    }

    [Fact]
    public void CompareTo_MultipleColumns_ComparesLeftToRight()
    {
        var early = new GroupKey(["a", 2019L]);
        var late = new GroupKey(["b", 2011L]);

        Assert.True(early < late);
        Assert.True(new GroupKey(["a", 2011L]) < early);
    }

    [Fact]
    public void Json_EveryKind_RoundTrips()
    {
        var key = new GroupKey([null, true, -42L, long.MaxValue, 1.5, double.NaN, 2.50m, "s:with tag", new DateOnly(2018, 12, 31), new DateTime(2018, 1, 2, 3, 4, 5, DateTimeKind.Utc)]);

        string json = JsonSerializer.Serialize(key);
        GroupKey back = JsonSerializer.Deserialize<GroupKey>(json)!;

        Assert.Equal("[null,true,-42,9223372036854775807,\"f:1.5\",\"f:NaN\",\"m:2.50\",\"s:s:with tag\",\"d:2018-12-31\",\"t:2018-01-02T03:04:05.0000000\"]", json);
        Assert.Equal(key, back);
        Assert.Equal(2.50m.ToString(System.Globalization.CultureInfo.InvariantCulture), ((decimal)back.Values[6]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Json_EmptyKey_IsAnEmptyArray()
    {
        Assert.Equal("[]", JsonSerializer.Serialize(GroupKey.Empty));
        Assert.Equal(GroupKey.Empty, JsonSerializer.Deserialize<GroupKey>("[]"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1.5]")]
    [InlineData("[\"untagged\"]")]
    [InlineData("[\"x:1\"]")]
    [InlineData("[\"d:2018-02-30\"]")]
    [InlineData("[[1]]")]
    public void Json_Malformed_IsRefused(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GroupKey>(json));
    }

    [Fact]
    public void Constructor_UnsupportedValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new GroupKey([42]));
        Assert.Throws<ArgumentException>(() => new GroupKey([TimeSpan.Zero]));
    }
}
