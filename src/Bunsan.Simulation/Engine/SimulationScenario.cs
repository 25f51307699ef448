using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Routing;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Energy;

namespace Bunsan.Simulation.Engine;

/// <summary>
/// Everything every strategy of one run shares: the topology, latency model, functions, the arrivals
/// (time and trace source), which catalog function each trace source is, each source's execution-time
/// distribution, and where requests come from. Request i's origin and execution time are pure
/// functions of (seed, i), so every strategy sees exactly the same requests.
/// </summary>
public sealed class SimulationScenario
{
    private readonly double[][] _minIdleRttByFunction;

    public SimulationScenario(
        Topology topology,
        ILatencyModel latency,
        ImmutableArray<FunctionSpec> functions,
        Arrival[] arrivals,
        int[] sourceFunction,
        ExecutionTimeDistribution[] sourceExecution,
        OriginCatalog origins,
        int seed,
        SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(sourceFunction);
        ArgumentNullException.ThrowIfNull(sourceExecution);
        ArgumentNullException.ThrowIfNull(origins);
        if (sourceFunction.Length != sourceExecution.Length)
        {
            throw new ArgumentException("one execution-time distribution per trace source is needed", nameof(sourceExecution));
        }
        Topology = topology;
        Latency = latency;
        Functions = functions;
        Arrivals = arrivals;
        SourceFunction = sourceFunction;
        SourceExecution = sourceExecution;
        Origins = origins;
        Seed = seed;
        Options = options ?? new SimulationOptions();
        Energy = new EnergyModel();
        SiteLocations = [.. topology.Sites.Select(s => s.Location)];

        Cells = new OriginCells(Options.OriginCellZoom);
        OriginCell = new int[origins.Count];
        for (int o = 0; o < origins.Count; o++)
        {
            OriginCell[o] = Cells.Add(origins.Location(o));
        }

        var classNames = new List<string>();
        var classBudgets = new List<double>();
        FunctionClass = new int[functions.Length];
        foreach (var named in LatencyClass.Named)
        {
            if (functions.Any(f => f.Class.Name == named.Name))
            {
                classNames.Add(named.Name);
                classBudgets.Add(named.BudgetMs);
            }
        }
        for (int f = 0; f < functions.Length; f++)
        {
            int c = classNames.IndexOf(functions[f].Class.Name);
            if (c < 0)
            {
                c = classNames.Count;
                classNames.Add(functions[f].Class.Name);
                classBudgets.Add(functions[f].Class.BudgetMs);
            }
            FunctionClass[f] = c;
        }
        ClassNames = [.. classNames];
        ClassBudgetsMs = [.. classBudgets];
        _minIdleRttByFunction = MinIdleRtts();
    }

    public Topology Topology { get; }

    public ILatencyModel Latency { get; }

    public ImmutableArray<FunctionSpec> Functions { get; }

    public Arrival[] Arrivals { get; }

    /// <summary>Catalog function index of each trace source.</summary>
    public int[] SourceFunction { get; }

    public ExecutionTimeDistribution[] SourceExecution { get; }

    public OriginCatalog Origins { get; }

    public int Seed { get; }

    public SimulationOptions Options { get; }

    public EnergyModel Energy { get; }

    public GeoPoint[] SiteLocations { get; }

    public OriginCells Cells { get; }

    public int[] OriginCell { get; }

    /// <summary>Index into <see cref="ClassNames"/> of each function's latency class.</summary>
    public int[] FunctionClass { get; }

    public ImmutableArray<string> ClassNames { get; }

    public ImmutableArray<double> ClassBudgetsMs { get; }

    /// <summary>Request <paramref name="index"/>'s origin and execution time: the same under every strategy.</summary>
    public (int Origin, double ExecMs) Draw(long index, int source)
    {
        ulong a = RouterRandom.Hash((ulong)Seed, (ulong)index * 2);
        ulong b = RouterRandom.Hash((ulong)Seed, ((ulong)index * 2) + 1);
        int origin = Origins.Sample((a >> 11) * (1.0 / (1UL << 53)));
        double exec = SourceExecution[source].Sample((b >> 11) * (1.0 / (1UL << 53)));
        return (origin, exec);
    }

    /// <summary>The smallest RTT from the origin to any healthy site that residency and size allow: the floor on any strategy's latency.</summary>
    public double MinIdleRttMs(int function, int origin) => _minIdleRttByFunction[function][origin];

    /// <summary>True when no allowed site could answer in time even idle: RTT + this request's execution > budget.</summary>
    public bool IsInfeasible(int function, int origin, double execMs) =>
        _minIdleRttByFunction[function][origin] + execMs > Functions[function].Class.BudgetMs;

    // One pass over origins × sites per distinct (residency, cores) pair: 1,741 origins × 10⁴ sites ≈ 1 s.
    private double[][] MinIdleRtts()
    {
        var cache = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var result = new double[Functions.Length][];
        for (int f = 0; f < Functions.Length; f++)
        {
            FunctionSpec fn = Functions[f];
            string key = string.Join(',', fn.Residency.IsDefault ? [] : fn.Residency) + "|" + fn.Resources.Cores.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!cache.TryGetValue(key, out double[]? mins))
            {
                var allowed = new List<GeoPoint>();
                foreach (Site site in Topology.Sites)
                {
                    if (site.Health == SiteHealth.Healthy && fn.AllowsJurisdiction(site.Jurisdiction) && site.Capacity.Cores >= fn.Resources.Cores)
                    {
                        allowed.Add(site.Location);
                    }
                }
                mins = new double[Origins.Count];
                for (int o = 0; o < Origins.Count; o++)
                {
                    double best = double.PositiveInfinity;
                    GeoPoint origin = Origins.Location(o);
                    foreach (GeoPoint location in allowed)
                    {
                        best = Math.Min(best, Latency.RttMs(origin, location));
                    }
                    mins[o] = best;
                }
                cache.Add(key, mins);
            }
            result[f] = mins;
        }
        return result;
    }
}
