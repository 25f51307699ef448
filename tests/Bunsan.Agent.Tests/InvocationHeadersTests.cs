using Microsoft.AspNetCore.Http;

namespace Bunsan.Agent.Tests;

public sealed class InvocationHeadersTests
{
    private static HttpRequest With(string header, params string[] values)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = values;
        return context.Request;
    }

    [Fact]
    public void ReadBudget_Absent_UsesTheDefault()
    {
        Assert.Null(InvocationHeaders.ReadBudget(new DefaultHttpContext().Request, 100, out double budget));
        Assert.Equal(100, budget);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("NaN")]
    [InlineData("1e300")]
    [InlineData("3600001")]
    public void ReadBudget_Hostile_NamesTheHeaderAndFix(string value)
    {
        string? problem = InvocationHeaders.ReadBudget(With(ProtocolHeaders.DeadlineMs, value), 100, out double budget);

        Assert.StartsWith("Bunsan-Deadline-Ms is", problem, StringComparison.Ordinal);
        Assert.Contains("> 0 and <= 3600000", problem, StringComparison.Ordinal);
        Assert.Equal(100, budget);
    }

    [Fact]
    public void ReadBudget_SentTwice_IsRefused()
    {
        Assert.Contains("sent 2 times", InvocationHeaders.ReadBudget(With(ProtocolHeaders.DeadlineMs, "5", "6"), 100, out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("60000", 60000.0)]
    public void ReadEmulatedExec_Valid_GivesTheTime(string value, double expected)
    {
        Assert.Null(InvocationHeaders.ReadEmulatedExec(With(ProtocolHeaders.EmulatedExecMs, value), out double? execMs));
        Assert.Equal(expected, execMs);
    }

    [Theory]
    [InlineData(7.25, "7.25")]
    [InlineData(0, "0.001")]
    [InlineData(-3.5, "0.001")]
    public void ForwardedBudget_IsAlwaysAValidHeader(double budgetMs, string expected)
    {
        string header = PeerClients.BudgetHeader(budgetMs);

        Assert.Equal(expected, header);
        Assert.Null(InvocationHeaders.ReadBudget(With(ProtocolHeaders.DeadlineMs, header), 100, out _));
    }

    [Fact]
    public void ReadEmulatedExec_Absent_IsNone()
    {
        Assert.Null(InvocationHeaders.ReadEmulatedExec(new DefaultHttpContext().Request, out double? execMs));
        Assert.Null(execMs);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-0.5")]
    [InlineData("NaN")]
    [InlineData("60000.5")]
    [InlineData("1111111111111111111111111111111111")]
    public void ReadEmulatedExec_Hostile_NamesTheHeaderAndFix(string value)
    {
        string? problem = InvocationHeaders.ReadEmulatedExec(With(ProtocolHeaders.EmulatedExecMs, value), out double? execMs);

        Assert.StartsWith("Bunsan-Emulated-Exec-Ms is", problem, StringComparison.Ordinal);
        Assert.Contains(">= 0 and <= 60000", problem, StringComparison.Ordinal);
        Assert.Null(execMs);
    }

    [Theory]
    [InlineData("35.68,139.77", 35.68, 139.77)]
    [InlineData("20/0/931397/412910", 35.68, 139.77)]
    public void ReadOrigin_PositionOrSpatialId_GivesThePoint(string value, double lat, double lon)
    {
        Assert.Null(InvocationHeaders.ReadOrigin(With(ProtocolHeaders.Origin, value), out var origin));
        Assert.Equal(lat, origin!.Value.Latitude, 2);
        Assert.Equal(lon, origin.Value.Longitude, 2);
    }

    [Theory]
    [InlineData("91,0")]
    [InlineData("tokyo")]
    [InlineData("99/0/0/0")]
    public void ReadOrigin_Hostile_NamesTheHeader(string value)
    {
        Assert.StartsWith("Bunsan-Origin", InvocationHeaders.ReadOrigin(With(ProtocolHeaders.Origin, value), out var origin), StringComparison.Ordinal);
        Assert.Null(origin);
    }

    [Theory]
    [InlineData("echo", true)]
    [InlineData("sensor.threshold-v2_1", true)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("a%2Fb", false)]
    [InlineData("", false)]
    public void FunctionNameProblem_AcceptsIdsOnly(string name, bool valid)
    {
        Assert.Equal(valid, Gateway.FunctionNameProblem(name) is null);
    }

    [Fact]
    public void FunctionNameProblem_VeryLongName_IsRefused()
    {
        Assert.Contains("129 characters long", Gateway.FunctionNameProblem(new string('a', 129)), StringComparison.Ordinal);
    }
}
