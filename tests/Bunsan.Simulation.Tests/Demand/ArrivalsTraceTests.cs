using Bunsan.Simulation.Demand;

namespace Bunsan.Simulation.Tests.Demand;

public sealed class ArrivalsTraceTests
{
    private static ArrivalsTrace Parse(string csv)
    {
        using var reader = new StringReader(csv);
        Assert.True(ArrivalsTrace.TryParse(reader, out var trace, out string? error), error);
        return trace!;
    }

    [Fact]
    public void TryParse_UnsortedRowsWithOtherColumns_SortedOffsetsFromFirstArrival()
    {
        var trace = Parse(
            "id,note,TIMESTAMP\n" +
            "1,\"a, quoted\",2019-07-15T09:30:01.500Z\n" +
            "2,b,2019-07-15T09:30:00Z\n" +
            "3,\"say \"\"hi\"\"\",\"2019-07-15 09:30:00.250\"\n");

        Assert.Equal([0, 250, 1500], trace.OffsetsMs);
        Assert.Equal(1500, trace.SpanMs);
    }

    [Fact]
    public void TryParse_OffsetsAndLowercaseHeader_ConvertedToUtc()
    {
        var trace = Parse("timestamp\n2019-07-15T18:30:00+09:00\n2019-07-15T09:31:00Z\n");

        Assert.Equal([0, 60_000], trace.OffsetsMs);
    }

    [Theory]
    [InlineData("time,value\n2019-07-15T09:30:00Z,1\n", "line 1: no TIMESTAMP column")]
    [InlineData("", "line 1: no TIMESTAMP column")]
    [InlineData("TIMESTAMP\n", "no rows")]
    [InlineData("TIMESTAMP\n2019-07-15T09:30:00Z\nyesterday\n", "line 3, column 1 (TIMESTAMP): 'yesterday'")]
    [InlineData("a,TIMESTAMP\n1,7/15/2019 09:30\n", "line 2, column 2 (TIMESTAMP): '7/15/2019 09:30'")]
    [InlineData("a,b,TIMESTAMP\n1,2\n", "line 2, column 3 (TIMESTAMP): '(missing")]
    [InlineData("TIMESTAMP\n2019-13-45T09:30:00Z\n", "line 2, column 1 (TIMESTAMP): '2019-13-45T09:30:00Z'")]
    public void TryParse_Hostile_ErrorNamesLineAndValue(string csv, string expected)
    {
        using var reader = new StringReader(csv);

        Assert.False(ArrivalsTrace.TryParse(reader, out var trace, out string? error));

        Assert.Null(trace);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
