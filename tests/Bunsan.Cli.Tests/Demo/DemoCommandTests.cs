using System.Diagnostics;
using System.Text.Json;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Demo;

/// <summary>`bunsan demo`: its arguments, a short real run (control plane and agents as processes), and its clean-up.</summary>
public sealed class DemoCommandTests
{
    private static readonly string[] Classes = ["realtime", "interactive"];

    /// <summary>The shape: {"strategies":[{"name","classes":[{these}]}]}.</summary>
    private static readonly string[] ClassFields = ["requests", "infeasible", "hit_pct", "hit_feasible_pct", "rejected_pct", "p50_ms", "p99_ms"];

    [Theory]
    [InlineData("--sites", "3", "--sites")]
    [InlineData("--sites", "15", "--sites")]
    [InlineData("--plot", "cdf.jpg", "--plot")]
    [InlineData("--strategies", "bunsan,fastest", "--strategies")]
    [InlineData("--strategies", "nearest,bunsan,nearest", "listed twice")]
    [InlineData("--duration", "2s", "--duration")]
    [InlineData("--burst-factor", "0.5", "--burst-factor")]
    public void BadArguments_ExitTwo_NamingTheOption(string option, string value, string named)
    {
        var (code, _, err) = CliRunner.Run("demo", option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(named, err, StringComparison.Ordinal);
    }

    /// <summary>
    /// The smallest real demo: four sites, two strategies, 6 s each. Both strategies get the very same requests,
    /// so the counts and the infeasible requests agree; the JSON has the documented shape; every request is kept
    /// in the work directory; and nothing the demo started outlives it.
    /// </summary>
    [Fact]
    public void ShortRun_MeasuresBothStrategies_OnTheSameRequests_AndLeavesNoProcessBehind()
    {
        string work = Directory.CreateTempSubdirectory("bunsan-demo-test-").FullName;
        string plot = Path.Combine(work, "cdf.svg");
        try
        {
            var (code, output, err) = CliRunner.Run("demo", "--sites", "4", "--duration", "6s", "--strategies", "bunsan,nearest",
                "--rate-scale", "0.2", "--work-dir", work, "--plot", plot, "--json");

            Assert.True(code == ExitCodes.Ok, err);
            using JsonDocument doc = JsonDocument.Parse(output);
            JsonElement[] strategies = [.. doc.RootElement.GetProperty("strategies").EnumerateArray()];
            Assert.Equal(["bunsan", "nearest"], strategies.Select(s => s.GetProperty("name").GetString()));
            foreach (string cls in Classes)
            {
                JsonElement[] rows = [.. strategies.Select(s => s.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("class").GetString() == cls))];
                Assert.All(rows, r =>
                {
                    foreach (string field in ClassFields)
                    {
                        Assert.True(r.TryGetProperty(field, out _), $"{cls} lacks {field}");
                    }
                    Assert.InRange(r.GetProperty("hit_pct").GetDouble(), 0, 100);
                });
                Assert.True(rows[0].GetProperty("requests").GetInt64() > 0);
                Assert.Equal(rows[0].GetProperty("requests").GetInt64(), rows[1].GetProperty("requests").GetInt64());
                Assert.Equal(rows[0].GetProperty("infeasible").GetInt64(), rows[1].GetProperty("infeasible").GetInt64());
            }
            // The request log's last column marks the same requests infeasible that the table counts.
            string[] log = File.ReadAllLines(Path.Combine(work, "requests-bunsan.csv"));
            Assert.EndsWith(",planned_exec_ms,min_rtt_ms,site_rtt_ms,infeasible", log[0], StringComparison.Ordinal);
            long infeasible = strategies[0].GetProperty("classes").EnumerateArray().Sum(c => c.GetProperty("infeasible").GetInt64());
            Assert.Equal(infeasible, log.Skip(1).LongCount(line => line.EndsWith(",1", StringComparison.Ordinal)));
            Assert.True(new FileInfo(plot).Length > 0);
            Assert.Empty(ProcessesMentioning(work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A process the demo starts exits when the demo does, however the demo ends: here its stdin pipe closes.</summary>
    [Fact]
    public async Task Child_ExitsWhenItsParentGoes()
    {
        string data = Directory.CreateTempSubdirectory("bunsan-demo-child-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment[ParentWatch.Variable] = "1";
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "bunsan.dll"), "up", "--data", data, "--port", Free(), "--agent-port", Free(),
            "--silo-port", Free(), "--gateway-port", Free(),
        ];
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        try
        {
            // Running for real first: the control plane says it is up.
            using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            startTimeout.CancelAfter(TimeSpan.FromSeconds(60));
            Assert.Equal("bunsan control plane up", await process.StandardOutput.ReadLineAsync(startTimeout.Token));

            process.StandardInput.Close();

            using var exitTimeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            exitTimeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exitTimeout.Token);
            Assert.Equal(ExitCodes.ParentGone, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Free() => LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Processes whose command line mentions <paramref name="text"/> (the demo passes its work directory to each child).</summary>
    internal static string[] ProcessesMentioning(string text) =>
    [
        .. Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists).Select(f =>
        {
            try
            {
                return File.ReadAllText(f).Replace('\0', ' ');
            }
            catch (IOException)
            {
                return "";
            }
            catch (UnauthorizedAccessException)
            {
                return "";
            }
        }).Where(c => c.Contains(text, StringComparison.Ordinal)),
    ];
}
