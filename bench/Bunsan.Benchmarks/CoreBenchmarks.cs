using BenchmarkDotNet.Attributes;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Spatial;

namespace Bunsan.Benchmarks;

/// <summary>
/// The core model's per-request primitives: the simulator and the router call these millions of times,
/// so they must not allocate. Points rotate over 1,024 seeded positions across Japan.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*CoreBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class CoreBenchmarks
{
    private readonly GeoPoint[] _points = new GeoPoint[1024];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        for (int i = 0; i < _points.Length; i++)
        {
            _points[i] = new GeoPoint(26 + (random.NextDouble() * 19), 127 + (random.NextDouble() * 19), random.NextDouble() * 500);
        }
    }

    [Benchmark]
    public double GreatCircleDistance() => Next().DistanceKmTo(Next());

    [Benchmark]
    public double FittedRtt() => FittedLatencyModel.Default.RttMs(Next(), Next());

    [Benchmark]
    public long SpatialIdFromPoint() => SpatialId.FromPoint(Next(), 25).X;

    private GeoPoint Next() => _points[_next++ & 1023];
}
