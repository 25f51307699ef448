using System.Diagnostics;
using System.Globalization;

namespace Bunsan.Benchmarks;

/// <summary>
/// CPU used over one phase by the server process, by this load generator, and by the whole machine (from
/// /proc/stat, so the other builds sharing these cores show up), plus the server's resident memory at the end.
/// </summary>
internal sealed class ControlPlaneScaleCpu
{
    private readonly Process _server;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _serverStart;
    private readonly TimeSpan _generatorStart;
    private readonly (long Busy, long Total)? _machineStart;
    private readonly string _loadStart;

    public ControlPlaneScaleCpu(Process server)
    {
        _server = server;
        _server.Refresh();
        _serverStart = _server.TotalProcessorTime;
        _generatorStart = Process.GetCurrentProcess().TotalProcessorTime;
        _machineStart = MachineTicks();
        _loadStart = LoadAverage();
    }

    /// <summary>One line: cores used by each (1.0 = one core busy all phase long), machine busy %, load averages, server RSS.</summary>
    public string Summary()
    {
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        _server.Refresh();
        double server = (_server.TotalProcessorTime - _serverStart).TotalSeconds / seconds;
        double generator = (Process.GetCurrentProcess().TotalProcessorTime - _generatorStart).TotalSeconds / seconds;
        (long Busy, long Total)? machineEnd = MachineTicks();
        string machine = _machineStart is { } a && machineEnd is { } b && b.Total > a.Total
            ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * (b.Busy - a.Busy) / (b.Total - a.Total):F0}% of {Environment.ProcessorCount} cores")
            : "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"{seconds:F0} s: server {server:F2} cores, generator {generator:F2} cores, machine busy {machine}, load average {_loadStart} → {LoadAverage()}, server RSS {_server.WorkingSet64 / (1 << 20)} MiB");
    }

    /// <summary>Busy and total jiffies of all cores (the first line of /proc/stat), or null off Linux.</summary>
    private static (long Busy, long Total)? MachineTicks()
    {
        try
        {
            long[] fields = [.. File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
            // user nice system idle iowait irq softirq steal ...: idle and iowait are the only not-busy ones.
            long total = fields.Take(8).Sum();
            return (total - fields[3] - fields[4], total);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
