using Bunsan.Simulation.Demand;
using Bunsan.Tests;

namespace Bunsan.Simulation.Tests.Demand;

public sealed class AzureFunctionsTraceTests
{
    private const string Header = "HashFunction,HashApp,HashOwner,minute_1,minute_2,minute_3";
    private const string RunHeader = "HashFunction,HashApp,HashOwner,Count,Average,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100";

    private static AzureFunctionsTrace Parse(string invocations, string? runtimes = null)
    {
        using var inv = new StringReader(invocations);
        using var run = runtimes is null ? null : new StringReader(runtimes);
        Assert.True(AzureFunctionsTrace.TryParse(inv, run, out var trace, out string? error), error);
        return trace!;
    }

    private static string ParseError(string invocations, string? runtimes = null)
    {
        using var inv = new StringReader(invocations);
        using var run = runtimes is null ? null : new StringReader(runtimes);
        Assert.False(AzureFunctionsTrace.TryParse(inv, run, out var trace, out string? error));
        Assert.Null(trace);
        return error!;
    }

    [Fact]
    public void TryParse_SharedThousandFunctionDay_CountsFunctionsMinutesAndInvocations()
    {
        string? inv = SharedData.PathOf("data/traces/azure_functions_2019_sample_invitro/1000_inv.csv", out string reason);
        string? run = SharedData.PathOf("data/traces/azure_functions_2019_sample_invitro/1000_run.csv", out string reason2);
        if (inv is null || run is null)
        {
            Assert.Skip(inv is null ? reason : reason2);
        }
        using var invReader = File.OpenText(inv);
        using var runReader = File.OpenText(run);

        Assert.True(AzureFunctionsTrace.TryParse(invReader, runReader, out var trace, out string? error), error);

        // Totals computed independently with awk over the same files (SOURCE.txt: 11.64 M invocations).
        Assert.Equal(1000, trace!.Functions.Length);
        Assert.Equal(1440, trace.Minutes);
        Assert.Equal(11_639_447, trace.TotalInvocations);
        Assert.All(trace.Functions, f => Assert.NotNull(f.Execution));
        Assert.Equal(trace.TotalInvocations, trace.Functions.Sum(f => f.InvocationsPerMinute.Sum(c => (long)c)));
    }

    [Fact]
    public void TryParse_CommittedSample_ReadsAThousandFunctionsOverThreeHours()
    {
        string dir = Path.Combine(SharedData.RepoRoot, "examples", "traces");
        using var inv = File.OpenText(Path.Combine(dir, "azure-functions-2019-sample_inv.csv"));
        using var run = File.OpenText(Path.Combine(dir, "azure-functions-2019-sample_run.csv"));

        Assert.True(AzureFunctionsTrace.TryParse(inv, run, out var trace, out string? error), error);

        Assert.Equal(1000, trace!.Functions.Length);
        Assert.Equal(180, trace.Minutes);
        Assert.Equal(1_561_470, trace.TotalInvocations);
        Assert.All(trace.Functions, f => Assert.NotNull(f.Execution));
    }

    [Fact]
    public void TryParse_RuntimesJoinedByKey_SetsPercentilesOrNull()
    {
        var trace = Parse(
            Header + "\nf1,a,o,1,2,3\nf2,a,o,0,0,7\n",
            RunHeader + "\nf2,a,o,7,40,10,90,10,11,25,50,75,99,100.5\nother,a,o,1,1,1,1,1,1,1,1,1,1,1\n");

        Assert.Equal(13, trace.TotalInvocations);
        Assert.Equal(3, trace.Minutes);
        Assert.Null(trace.Functions[0].Execution);
        Assert.Equal(new ExecutionPercentiles(10, 11, 25, 50, 75, 99, 100.5), trace.Functions[1].Execution);
        Assert.Equal([0, 0, 7], trace.Functions[1].InvocationsPerMinute);
    }

    [Fact]
    public void TryParse_QuotedKeysAndCrLf_AreRead()
    {
        var trace = Parse(Header + "\r\n\"f1\",\"a\",\"o\",1,2,3\r\n");

        Assert.Equal("f1", trace.Functions[0].Key);
        Assert.Equal(6, trace.TotalInvocations);
    }

    [Theory]
    [InlineData("HashFunction,HashApps,HashOwner,minute_1\nf,a,o,1\n", "line 1, column 2")]
    [InlineData("HashFunction,HashApp,HashOwner,minute_1,minute_3\nf,a,o,1,2\n", "line 1, column 5")]
    [InlineData("HashFunction,HashApp,HashOwner\nf,a,o\n", "no minute_1")]
    [InlineData("", "line 1")]
    [InlineData(Header + "\n", "no function rows")]
    [InlineData(Header + "\nf,a,o,1,x,3\n", "line 2, column 5 (minute_2)")]
    [InlineData(Header + "\nf,a,o,1,2.5,3\n", "line 2, column 5 (minute_2)")]
    [InlineData(Header + "\nf,a,o,1,2,3\ng,a,o,1,-2,3\n", "line 3, column 5 (minute_2): '-2' is negative")]
    [InlineData(Header + "\nf,a,o,1,2\n", "line 2: the row has 5 columns but the header has 6")]
    [InlineData(Header + "\nf,a,o,1,2,3,4\n", "line 2: the row has more than")]
    [InlineData(Header + "\nf,a,o,1,2,3\ng,a,o,0,0,0\nf,a,o,1,1,1\n", "line 4, column 1 (HashFunction): function f already appears on line 2")]
    [InlineData(Header + "\n,a,o,1,2,3\n", "line 2, column 1 (HashFunction)")]
    [InlineData(Header + "\nf,a,o,1,99999999999,3\n", "line 2, column 5")]
    public void TryParse_HostileInvocations_ErrorNamesLineAndColumn(string csv, string expected)
    {
        string error = ParseError(csv);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HashFunction,Count\nf,1\n", "no 'percentile_Average_0' column")]
    [InlineData("Count\n1\n", "no 'HashFunction' column")]
    [InlineData(RunHeader + "\nf,a,o,7,40,10,90,10,11,abc,50,75,99,100\n", "runtimes line 2, column 10 (percentile_Average_25)")]
    [InlineData(RunHeader + "\nf,a,o,7,40,10,90,10,11,-1,50,75,99,100\n", "runtimes line 2, column 10")]
    [InlineData(RunHeader + "\nf,a,o,7,40,10,90,10,11,25,50,75,99\n", "runtimes line 2: the row has 13 columns")]
    [InlineData(RunHeader + "\nf,a,o,7,40,10,90,10,11,25,50,75,99,100\nf,a,o,7,40,10,90,10,11,25,50,75,99,100\n", "runtimes line 3, column 1 (HashFunction): function f already appears on line 2")]
    public void TryParse_HostileRuntimes_ErrorNamesLineAndColumn(string runtimes, string expected)
    {
        string error = ParseError(Header + "\nf,a,o,1,2,3\n", runtimes);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
