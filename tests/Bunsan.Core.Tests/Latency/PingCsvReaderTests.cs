using Bunsan.Core.Latency;

namespace Bunsan.Core.Tests.Latency;

public sealed class PingCsvReaderTests
{
    private const string Servers =
        "id,name,title,location,state,country,state_abbv,continent,latitude,longitude,selected,,,11\n" +
        "6,Tokyo,Tokyo,Tokyo,Tokyo,Japan,,3,35.6833,139.7667,1,,,\n" +
        "119,Osaka,Osaka,Osaka,Osaka,Japan,,3,34.6939,135.5022,,,,\n";

    private static IReadOnlyDictionary<int, PingServer> ReadServers(string text)
    {
        Assert.True(PingCsvReader.TryReadServers(new StringReader(text), out IReadOnlyDictionary<int, PingServer> servers, out string? error), error);
        return servers;
    }

    [Fact]
    public void TryReadPings_KnownAndUnknownServers_KeepsKnownAndCountsTheRest()
    {
        var servers = ReadServers(Servers);
        const string pings = "source,destination,min,avg,max,mdev\n6,119,8.05,8.25,9,0.1\n119,6,8.0,8.24,9,0.1\n6,292,1,2,3,0.1\n293,6,1,2,3,0.1\n";

        Assert.True(PingCsvReader.TryReadPings(new StringReader(pings), servers, out PingTable table, out string? error), error);

        Assert.Equal(2, table.Pairs.Length);
        Assert.Equal(4, table.RowsRead);
        Assert.Equal(2, table.RowsWithUnknownServer);
        Assert.Equal([292, 293], table.UnknownServerIds);
        Assert.Equal("Osaka", servers[119].Name);
        Assert.Equal(8.25, table.Pairs[0].AvgMs);
        Assert.InRange(table.Pairs[0].DistanceKm, 395, 410);
    }

    [Theory]
    [InlineData("id,name,country,latitude\n6,Tokyo,Japan,35\n", "line 1", "'longitude'")]
    [InlineData("id,name,country,latitude,longitude\nsix,Tokyo,Japan,35,139\n", "line 2, column 1 (id)", "whole number")]
    [InlineData("id,name,country,latitude,longitude\n6,Tokyo,Japan,NaN,139\n", "line 2, column 4 (latitude)", "finite number")]
    [InlineData("id,name,country,latitude,longitude\n6,Tokyo,Japan,95,139\n", "line 2", "latitude 95")]
    [InlineData("id,name,country,latitude,longitude\n6,Tokyo,Japan,35,139,\n6,Koto,Japan,35,139\n", "line 3, column 1 (id)", "twice")]
    [InlineData("id,name,country,latitude,longitude\n6,Tokyo,Japan,35\n", "line 2", "column(s)")]
    [InlineData("id,name,country,latitude,longitude\n6,\"Tokyo, JP\",Japan,35,139\n", "line 2", "quoted")]
    [InlineData("", "line 1", "'id'")]
    public void TryReadServers_HostileInput_FailsNamingLineAndColumn(string text, string where, string what)
    {
        Assert.False(PingCsvReader.TryReadServers(new StringReader(text), out _, out string? error));
        Assert.StartsWith(where, error, StringComparison.Ordinal);
        Assert.Contains(what, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("source,destination,min\n6,119,8\n", "line 1", "'avg'")]
    [InlineData("source,destination,min,avg\n6,119,8,abc\n", "line 2, column 4 (avg)", "round-trip time")]
    [InlineData("source,destination,min,avg\n6,119,-1,8\n", "line 2, column 3 (min)", "≥ 0")]
    [InlineData("source,destination,min,avg\n6,119,8,Infinity\n", "line 2, column 4 (avg)", "round-trip time")]
    [InlineData("source,destination,min,avg\n6,119,9,8\n", "line 2, column 3 (min)", "exceeds avg")]
    [InlineData("source,destination,min,avg\n6,119,8,8.2\n6,1.5,8,8.2\n", "line 3, column 2 (destination)", "whole number")]
    [InlineData("source,destination,min,avg\n6,119\n", "line 2", "column(s)")]
    public void TryReadPings_HostileInput_FailsNamingLineAndColumn(string text, string where, string what)
    {
        Assert.False(PingCsvReader.TryReadPings(new StringReader(text), ReadServers(Servers), out _, out string? error));
        Assert.StartsWith(where, error, StringComparison.Ordinal);
        Assert.Contains(what, error, StringComparison.Ordinal);
    }
}
