using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Placement;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Benchmarks;

/// <summary>
/// Places one function over a 10,000-site synthetic Japanese topology (seed 42) with the fitted
/// latency model, for demand from 47 origins (the locations of 47 seeded-random sites, so demand
/// follows where sites cluster, 1–100 rps each). The "Replicas/s" column is replicas placed per
/// operation ÷ mean time: the target is ≥ 5,000 per second.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*PlacementBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReplicaRateConfig))]
public class PlacementBenchmarks
{
    private PlacementPipeline _pipeline = null!;
    private PlacementContext _context = null!;
    private PlacementRequest _request = null!;

    [Params("realtime", "immersive", "control", "interactive", "batch")]
    public string Class { get; set; } = "realtime";

    [GlobalSetup]
    public void Setup() => (_pipeline, _context, _request) = Workload(Class);

    [Benchmark]
    public PlacementDecision PlaceFunction() => _pipeline.Place(_context, _request);

    internal static (PlacementPipeline, PlacementContext, PlacementRequest) Workload(string latencyClass)
    {
        var topology = SyntheticTopology.Generate(10_000, 42);
        _ = SiteIndex.For(topology); // built once per snapshot, outside the measured placement
        var random = new Random(7);
        var demand = Enumerable.Range(0, 47)
            .Select(_ => new DemandPoint(topology.Sites[random.Next(topology.Sites.Length)].Location, 1 + random.Next(100)))
            .ToImmutableArray();
        if (!LatencyClass.TryParse(latencyClass, out var parsed, out string? error))
        {
            throw new ArgumentException(error, nameof(latencyClass));
        }
        var function = new FunctionSpec("bench", "", new InvocationResources(0.5, 128), new ExecutionTime(2, 3), parsed, ["JP"], 2, 30);
        return (new PlacementPipeline(), new PlacementContext(topology, FittedLatencyModel.Default, []), new PlacementRequest(function, demand));
    }
}

/// <summary>Adds the replicas-per-second column (the workload is deterministic, so the host recomputes the replica count).</summary>
internal sealed class ReplicaRateConfig : ManualConfig
{
    public ReplicaRateConfig() => AddColumn(new ReplicaRateColumn());

    private sealed class ReplicaRateColumn : IColumn
    {
        public string Id => "ReplicasPerSecond";

        public string ColumnName => "Replicas/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Replicas placed per operation / mean time per operation";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is null)
            {
                return "-";
            }
            string latencyClass = (string)benchmarkCase.Parameters["Class"];
            var (pipeline, context, request) = PlacementBenchmarks.Workload(latencyClass);
            int replicas = pipeline.Place(context, request).Replicas.Length;
            double perSecond = replicas / (report.ResultStatistics.Mean / 1e9);
            return string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0} ({replicas} per op)");
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
