using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Tests.Queries;

public sealed class DatasetNameTests
{
    [Theory]
    [InlineData("tokyo", true)]
    [InlineData("01101010", true)]
    [InlineData("nies-01101010.daily_v2", true)]
    [InlineData("Tokyo", false)]
    [InlineData("-tokyo", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    [InlineData("x.csv", false)]
    [InlineData("x.parquet", false)]
    [InlineData("x.csv.gz", false)]
    public void IsValid_Name_FollowsTheRule(string name, bool valid)
    {
        Assert.Equal(valid, DatasetName.IsValid(name));
    }

    [Fact]
    public void IsValid_LongName_IsRefusedPast63()
    {
        Assert.True(DatasetName.IsValid(new string('a', 63)));
        Assert.False(DatasetName.IsValid(new string('a', 64)));
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("nies-*", "nies-01101010", true)]
    [InlineData("nies-*", "nies-", true)]
    [InlineData("nies-*", "osaka-1", false)]
    [InlineData("*-2020", "tokyo-2020", true)]
    [InlineData("*-2020", "tokyo-2021", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void Matches_Glob_MatchesWholeNames(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, DatasetName.Matches(pattern, name));
    }

    [Fact]
    public void Matches_ManyStars_StaysFast()
    {
        string pattern = string.Concat(Enumerable.Repeat("a*", 30)) + "b";

        Assert.False(DatasetName.Matches(pattern, new string('a', 63)));
    }
}
