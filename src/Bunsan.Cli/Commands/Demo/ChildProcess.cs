using System.Diagnostics;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>
/// A `bunsan` verb run as a separate process (the demo's control plane and agents), its output kept in a log file
/// for when something goes wrong; disposing kills it and everything it started.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts this same CLI with <paramref name="args"/>: the apphost when that is what runs, else `dotnet bunsan.dll`.</summary>
    public static ChildProcess StartSelf(IEnumerable<string> args, string logPath)
    {
        string? self = Environment.ProcessPath;
        bool apphost = self is not null && Path.GetFileNameWithoutExtension(self) == "bunsan";
        var start = new ProcessStartInfo(apphost ? self! : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Never written: the child exits when this pipe closes, i.e. when the demo ends (ParentWatch).
            RedirectStandardInput = true,
        };
        start.Environment[ParentWatch.Variable] = "1";
        // Fifteen processes share two cores. Profiled (perf, 2026-11-23) during a measured phase: the JIT's tiering
        // thread took 43 % of the machine (each process re-compiling its hot paths). So: compile each method once,
        // fully optimised (a slower start, which is not measured). Idle workers not spinning is every bunsan
        // process's setting (Bunsan.Cli.csproj).
        start.Environment["DOTNET_TieredCompilation"] = "0";
        if (!apphost)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bunsan.dll"));
        }
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new IOException($"could not start {start.FileName}");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var gate = new Lock();
        bool closed = false;
        void Append(string? line)
        {
            lock (gate)
            {
                // Exited can be raised before the pipes' last buffered lines are delivered: those arrive after the log
                // is closed, and writing them threw on a pool thread (seen in CI as xUnit's "catastrophic failure").
                if (line is not null && !closed)
                {
                    log.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) =>
        {
            lock (gate)
            {
                closed = true;
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, logPath);
    }

    /// <summary>The last lines of its log, for an error message.</summary>
    public string Tail(int lines = 5)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join("\n", reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Sends the kill without waiting, so that a federation's processes all die at once (Ctrl-C leaves 2 s).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
