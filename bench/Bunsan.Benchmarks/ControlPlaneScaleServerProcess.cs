using System.Diagnostics;
using System.Threading.Channels;
using Bunsan.ControlPlane.Hosting;

namespace Bunsan.Benchmarks;

/// <summary>
/// Runs <see cref="ControlPlaneScaleServer"/> as a child process of this very executable and talks to it over stdio.
/// Disposing closes its stdin, which stops it; one that does not stop within 30 s is killed.
/// </summary>
internal sealed class ControlPlaneScaleServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _pump;

    private ControlPlaneScaleServerProcess(Process process, Uri api, Uri agent)
    {
        Process = process;
        Api = api;
        Agent = agent;
        _pump = PumpAsync();
    }

    public Process Process { get; }

    public Uri Api { get; }

    public Uri Agent { get; }

    /// <param name="gcMode">default (the executable's own settings), server or nonconcurrent; set through the runtime's
    /// environment variables for the server only, so the generator's GC stays as it is.</param>
    public static async Task<ControlPlaneScaleServerProcess> StartAsync(string dataDirectory, string gcMode)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable to start for the server");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // As `bunsan up` runs (Bunsan.Cli.csproj): idle thread-pool workers sleep at once instead of spinning.
        start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        // As the `bunsan` launcher starts `bunsan up`: a gen0 budget sized for 10,000 beats a second, loops optimised at first call.
        foreach ((string key, string value) in ControlPlaneRuntime.All)
        {
            start.Environment[key] = value;
        }
        if (gcMode == "server")
        {
            start.Environment["DOTNET_gcServer"] = "1";
        }
        else if (gcMode == "nonconcurrent")
        {
            start.Environment["DOTNET_gcConcurrent"] = "0";
        }
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ControlPlaneScaleServer).Assembly.Location);
        }
        foreach (string arg in new[] { ControlPlaneScaleServer.Verb, "--data", dataDirectory })
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                string[] words = line.Split(' ');
                if (words is ["ready", string api, string agent])
                {
                    return new ControlPlaneScaleServerProcess(process, new Uri(api), new Uri(agent));
                }
                Console.WriteLine("server: " + line);
            }
            await process.WaitForExitAsync(timeout.Token);
            throw new InvalidOperationException($"the control plane server exited with code {process.ExitCode} before it was ready");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The server counts its collections from now (the window's start).</summary>
    public async Task MarkCollectionsAsync()
    {
        await Process.StandardInput.WriteLineAsync("gc-mark");
        await Process.StandardInput.FlushAsync();
    }

    /// <summary>Asks the server for its collections and placement-beat timing breakdown (see <see cref="ControlPlaneScaleServer"/>).</summary>
    public async Task<IReadOnlyList<string>> ProfileAsync()
    {
        await Process.StandardInput.WriteLineAsync("profile");
        await Process.StandardInput.FlushAsync();
        var profile = new List<string>();
        await foreach (string line in _lines.Reader.ReadAllAsync())
        {
            if (line == "profile-end")
            {
                break;
            }
            profile.Add(line);
        }
        return profile;
    }

    private async Task PumpAsync()
    {
        while (await Process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("profile", StringComparison.Ordinal))
            {
                _lines.Writer.TryWrite(line);
            }
            else
            {
                Console.WriteLine("server: " + line);
            }
        }
        _lines.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        Process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
        }
        await _pump;
        Process.Dispose();
    }
}
