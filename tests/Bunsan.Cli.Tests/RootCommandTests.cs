using System.Diagnostics;
using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests;

/// <summary>The command line's shared contract: help with examples everywhere, exit codes 0/1/2.</summary>
public sealed class RootCommandTests
{
    [Fact]
    public void Run_Help_ListsEveryVerbAndExitsZero()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(ExitCodes.Ok, code);
        foreach (string verb in new[] { "sim", "explain", "latency", "spatial" })
        {
            Assert.Contains(verb, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sim")]
    [InlineData("explain")]
    [InlineData("latency", "fit")]
    [InlineData("latency", "predict")]
    [InlineData("spatial", "encode")]
    [InlineData("spatial", "decode")]
    public void Run_VerbHelp_ShowsAnExample(params string[] verb)
    {
        var (code, output, _) = Run([.. verb, "--help"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Example", output, StringComparison.Ordinal);
        Assert.Contains("bunsan " + string.Join(' ', verb), output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("spatial", "encode", "--no-such-option")]
    public void Run_UnknownVerbOrOption_ExitsTwoWithMessage(params string[] args)
    {
        var (code, _, error) = Run(args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    /// <summary>The real executable, as a separate process: what scripts and users actually run.</summary>
    [Fact]
    public void Process_BadInput_ExitsTwoAndHelpExitsZero()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "bunsan.dll");

        Assert.Equal(ExitCodes.Ok, RunProcess(dll, "--help").ExitCode);
        var bad = RunProcess(dll, "spatial", "decode", "not-an-id");
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("error:", bad.Err, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Out, string Err) RunProcess(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
