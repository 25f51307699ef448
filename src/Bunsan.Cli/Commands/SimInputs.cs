using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;

namespace Bunsan.Cli.Commands;

/// <summary>What `bunsan sim` read from its options, validated; files default to the shipped examples.</summary>
internal sealed record SimArguments(
    string? TopologyPath,
    int? SyntheticSites,
    string? FunctionsPath,
    string? AzureTracePath,
    string? AzureRuntimesPath,
    string? ArrivalsPath,
    double StartMinute,
    double DurationMinutes,
    double RateScale,
    IReadOnlyDictionary<string, double> ClassRateScale,
    int Seed);

/// <summary>Loads the topology, functions and demand `bunsan sim` runs on, turning every problem into bad input that names the option.</summary>
internal static class SimInputs
{
    public const string DefaultTopology = "examples/topologies/japan.yaml";
    public const string DefaultFunctions = "examples/functions.yaml";
    public const string DefaultTrace = "examples/traces/azure-functions-2019-sample_inv.csv";

    /// <summary>Validates the trace window options shared by `sim` and `loadgen`: --duration, --start-minute, --rate-scale.</summary>
    public static (double Minutes, double Start, double Scale) Window(string? duration, double start, double scale)
    {
        if (!SimDuration.TryParseMinutes(duration, out double minutes, out string? durationError))
        {
            throw new BadInputException("--duration", durationError!);
        }
        if (!double.IsFinite(start) || start < 0)
        {
            throw new BadInputException("--start-minute", $"{start} is not a minute of the trace: use a number >= 0");
        }
        if (!double.IsFinite(scale) || scale <= 0 || scale > 10_000)
        {
            throw new BadInputException("--rate-scale", $"{scale} is out of range: use a number above 0 and at most 10000 (1 = the trace's own rates)");
        }
        return (minutes, start, scale);
    }

    public static SimulationScenario Load(SimArguments a)
    {
        Topology topology = LoadTopology(a);
        ImmutableArray<FunctionSpec> functions = LoadFunctions(a.FunctionsPath ?? FromRepo(DefaultFunctions, "--functions"));
        ILatencyModel latency = FittedLatencyModel.Default;
        OriginCatalog origins = OriginCatalog.JapanMunicipalities;
        foreach (string className in a.ClassRateScale.Keys)
        {
            if (!functions.Any(f => f.Class.Name == className))
            {
                throw new BadInputException("--class-rate-scale", $"no function in {a.FunctionsPath ?? DefaultFunctions} has class '{className}': use one of {string.Join(", ", functions.Select(f => f.Class.Name).Distinct())}");
            }
        }
        if (a.ArrivalsPath is not null)
        {
            using var reader = new StringReader(CliContext.ReadInputFile("--arrivals", a.ArrivalsPath));
            if (!ArrivalsTrace.TryParse(reader, out ArrivalsTrace? arrivals, out string? error))
            {
                throw new BadInputException("--arrivals", $"{a.ArrivalsPath}: {error}");
            }
            if (a.StartMinute * 60_000 > arrivals!.SpanMs)
            {
                throw new BadInputException("--start-minute", $"{a.StartMinute} is past the arrivals' end: they span {arrivals.SpanMs / 60_000:0.##} minutes from the first timestamp");
            }
            return ScenarioBuilder.FromArrivals(topology, latency, functions, arrivals, a.StartMinute, a.DurationMinutes, a.RateScale, origins, a.Seed, classRateScale: a.ClassRateScale);
        }

        AzureFunctionsTrace trace = LoadAzureTrace(a.AzureTracePath, a.AzureRuntimesPath);
        if (a.StartMinute >= trace.Minutes)
        {
            throw new BadInputException("--start-minute", $"{a.StartMinute} is past the trace's end: it has {trace.Minutes} minutes, so use 0 to {trace.Minutes - 1}");
        }
        return ScenarioBuilder.FromAzureTrace(topology, latency, functions, trace, a.StartMinute, a.DurationMinutes, a.RateScale, origins, a.Seed, classRateScale: a.ClassRateScale);
    }

    /// <summary>The Azure Functions trace (default: the shipped sample), with its sibling runtimes file when there is one.</summary>
    public static AzureFunctionsTrace LoadAzureTrace(string? path, string? runtimesPath = null)
    {
        string tracePath = path ?? FromRepo(DefaultTrace, "--azure-functions-trace");
        string invocations = CliContext.ReadInputFile("--azure-functions-trace", tracePath);
        runtimesPath ??= SiblingRuntimes(tracePath);
        string? runtimes = runtimesPath is null ? null : CliContext.ReadInputFile("--azure-functions-runtimes", runtimesPath);
        using var inv = new StringReader(invocations);
        using StringReader? run = runtimes is null ? null : new StringReader(runtimes);
        if (!AzureFunctionsTrace.TryParse(inv, run, out AzureFunctionsTrace? trace, out string? traceError))
        {
            throw new BadInputException("--azure-functions-trace", $"{tracePath}: {traceError}");
        }
        return trace!;
    }

    private static Topology LoadTopology(SimArguments a)
    {
        if (a.SyntheticSites is int sites)
        {
            if (a.TopologyPath is not null)
            {
                throw new BadInputException("--sites", "give either --sites (a synthetic topology) or --topology FILE, not both");
            }
            return SyntheticTopology.Generate(sites, a.Seed);
        }
        string path = a.TopologyPath ?? FromRepo(DefaultTopology, "--topology");
        TopologyParseResult parsed = TopologyFile.Parse(CliContext.ReadInputFile("--topology", path), path);
        if (!parsed.Succeeded)
        {
            throw new BadInputException("--topology", $"{path} is not a valid topology: {string.Join("; ", parsed.Errors)}");
        }
        return parsed.Topology!;
    }

    public static ImmutableArray<FunctionSpec> LoadFunctions(string path)
    {
        FunctionCatalogParseResult parsed = FunctionCatalogFile.Parse(CliContext.ReadInputFile("--functions", path), path);
        if (!parsed.Succeeded)
        {
            string why = parsed.Errors.IsEmpty ? "it lists no functions" : string.Join("; ", parsed.Errors);
            throw new BadInputException("--functions", $"{path} is not a valid function catalog: {why}");
        }
        return parsed.Functions;
    }

    /// <summary>"X_inv.csv" → "X_run.csv" when that file exists (the Azure trace's execution-time percentiles).</summary>
    private static string? SiblingRuntimes(string tracePath)
    {
        const string suffix = "_inv.csv";
        if (!tracePath.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string sibling = string.Concat(tracePath.AsSpan(0, tracePath.Length - suffix.Length), "_run.csv");
        return File.Exists(sibling) ? sibling : null;
    }

    /// <summary>A shipped example, found under the repository root (the folder with Bunsan.slnx above the current directory or the binaries).</summary>
    public static string FromRepo(string relative, string option)
    {
        foreach (string start in (ReadOnlySpan<string>)[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bunsan.slnx")))
                {
                    return Path.Combine(dir.FullName, relative);
                }
            }
        }
        throw new BadInputException(option, $"no repository (Bunsan.slnx) above the current directory to find the default {relative}: pass {option} FILE");
    }
}
