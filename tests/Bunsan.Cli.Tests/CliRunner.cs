namespace Bunsan.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output, as the tests of every verb do.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = BunsanCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
