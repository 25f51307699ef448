using System.Globalization;

namespace Bunsan.Benchmarks;

/// <summary>
/// The control-plane scale scenario's knobs (issue 4: 10,000 agents heartbeating every second, API p99 &lt; 50 ms).
/// Every value has a range; a bad one is refused with the flag, the value and the fix (exit code 2).
/// </summary>
internal sealed class ControlPlaneScaleOptions
{
    public const string Usage = """
        control-plane-scale: N simulated agents register over the real gRPC agent service of a control plane
        (a separate process), then heartbeat once a second each while an API prober measures HTTP latency.

          dotnet run -c Release --project bench/Bunsan.Benchmarks -- control-plane-scale [options]

          --sites N           registered sites (agents), 1 to 100000            default 10000
          --seconds S         measured seconds under heartbeats, 1 to 3600       default 60
          --baseline S        measured seconds with every site silent, 0 to 600  default 20
          --warmup S          heartbeat seconds before measuring, 0 to 600       default 5
          --channels C        HTTP/2 connections the agents share, 1 to 256      default 8
          --probe-rate R      API probes per second, 1 to 1000                   default 20
          --deploy-every S    seconds between deploy probes (PUT), 1 to 60       default 5
                              (1 gives 30 deploys in 30 s instead of 6; a p99 of fewer
                              than 101 samples is still their maximum)
          --load-noise F      per-beat utilisation wobble around each site's base load, 0 to 0.5  default 0.02
          --seed K            topology and load seed                             default 42
          --data DIR          reuse the control plane state an earlier run left in DIR (made with
                              --keep-data and the same --sites and --seed): skips registration,
                              which replans per site and took 20 min at 10,000 sites on 2 cores
          --keep-data DIR     run in DIR (must not exist yet) and keep it afterwards for --data
          --server-gc MODE    the control plane process's GC: default (as built, workstation and
                              concurrent, like bunsan up), server, or nonconcurrent (workstation)

        Example: ... -- control-plane-scale --sites 2000 --seconds 20
        """;

    public int Sites { get; private set; } = 10_000;

    public int Seconds { get; private set; } = 60;

    public int BaselineSeconds { get; private set; } = 20;

    public int WarmupSeconds { get; private set; } = 5;

    public int Channels { get; private set; } = 8;

    public int ProbeRate { get; private set; } = 20;

    /// <summary>Seconds between two deploy probes in each phase: at the default 5 s a 30 s phase has 6 deploys, and their p99 is the worst one.</summary>
    public int DeployEverySeconds { get; private set; } = 5;

    public double LoadNoise { get; private set; } = 0.02;

    public int Seed { get; private set; } = 42;

    /// <summary>An earlier run's data directory whose sites are already registered; null registers afresh.</summary>
    public string? ReuseData { get; private set; }

    /// <summary>Where to put a fresh data directory that outlives the run; null uses a temporary one.</summary>
    public string? KeepData { get; private set; }

    /// <summary>The server process's GC mode: default, server or nonconcurrent (see <see cref="ControlPlaneScaleServerProcess"/>).</summary>
    public string ServerGc { get; private set; } = "default";

    /// <summary>The options, or the first problem naming the flag and the fix.</summary>
    public static (ControlPlaneScaleOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new ControlPlaneScaleOptions();
        for (int i = 0; i < args.Count; i += 2)
        {
            string flag = args[i];
            if (i + 1 >= args.Count)
            {
                return (null, $"{flag} has no value: give one, e.g. {flag} 10");
            }
            string value = args[i + 1];
            string? error = flag switch
            {
                "--sites" => Whole(flag, value, 1, 100_000, v => options.Sites = v),
                "--seconds" => Whole(flag, value, 1, 3600, v => options.Seconds = v),
                "--baseline" => Whole(flag, value, 0, 600, v => options.BaselineSeconds = v),
                "--warmup" => Whole(flag, value, 0, 600, v => options.WarmupSeconds = v),
                "--channels" => Whole(flag, value, 1, 256, v => options.Channels = v),
                "--probe-rate" => Whole(flag, value, 1, 1000, v => options.ProbeRate = v),
                "--deploy-every" => Whole(flag, value, 1, 60, v => options.DeployEverySeconds = v),
                "--seed" => Whole(flag, value, int.MinValue, int.MaxValue, v => options.Seed = v),
                "--load-noise" => Fraction(flag, value, 0.5, v => options.LoadNoise = v),
                "--data" => File.Exists(Path.Combine(value, "controlplane.db")) && File.Exists(Path.Combine(value, "admin.token"))
                    ? Set(() => options.ReuseData = Path.GetFullPath(value))
                    : $"--data '{value}' holds no control plane state: give a directory an earlier run kept with --keep-data",
                "--keep-data" => !Directory.Exists(value) && !File.Exists(value) && value.Length > 0
                    ? Set(() => options.KeepData = Path.GetFullPath(value))
                    : $"--keep-data '{value}' already exists: give a new directory (the run creates it)",
                "--server-gc" => value is "default" or "server" or "nonconcurrent"
                    ? Set(() => options.ServerGc = value)
                    : $"--server-gc '{value}' is not a GC mode: use default, server or nonconcurrent",
                _ => $"'{flag}' is not an option of control-plane-scale: use --sites, --seconds, --baseline, --warmup, --channels, --probe-rate, --deploy-every, --load-noise, --seed, --data, --keep-data or --server-gc",
            };
            if (error is not null)
            {
                return (null, error);
            }
        }
        return options.ReuseData is not null && options.KeepData is not null
            ? (null, "--data and --keep-data both given: --data already keeps the directory it reuses, so give only one")
            : (options, null);
    }

    private static string? Set(Action set)
    {
        set();
        return null;
    }

    private static string? Whole(string flag, string value, int min, int max, Action<int> set)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) || parsed < min || parsed > max)
        {
            return $"{flag} '{value}' is not valid: use a whole number from {min} to {max}";
        }
        set(parsed);
        return null;
    }

    private static string? Fraction(string flag, string value, double max, Action<double> set)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !(parsed >= 0 && parsed <= max))
        {
            return $"{flag} '{value}' is not valid: use a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}";
        }
        set(parsed);
        return null;
    }
}
