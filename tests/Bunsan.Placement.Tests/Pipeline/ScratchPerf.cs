using System.Diagnostics;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Pipeline;
namespace Bunsan.Placement.Tests.Pipeline;
public sealed class ScratchPerf
{
    [Fact]
    public void Perf()
    {
        var topology = SyntheticTopology.Generate(10_000, 42);
        var random = new Random(1);
        var demand = Enumerable.Range(0, 20).Select(_ => new DemandPoint(topology.Sites[random.Next(topology.Sites.Length)].Location, 1 + random.Next(100))).ToArray();
        var context = new PlacementContext(topology, FittedLatencyModel.Default, []);
        var pipeline = new PlacementPipeline();
        var lines = new List<string>();
        var sw0 = Stopwatch.StartNew(); SiteIndex.For(topology); lines.Add($"index {sw0.Elapsed.TotalMilliseconds} ms");
        foreach (var cls in new[] { LatencyClass.Realtime, LatencyClass.Immersive, LatencyClass.Control, LatencyClass.Interactive, LatencyClass.Batch })
        {
            var f = new FunctionSpec("f", "", new InvocationResources(0.5, 128), new ExecutionTime(2, 3), cls, ["JP"], 2, 30);
            var req = new PlacementRequest(f, [.. demand]);
            var d = pipeline.Place(context, req);
            var sw = Stopwatch.StartNew();
            int n = 0;
            while (sw.ElapsedMilliseconds < 1000) { pipeline.Place(context, req); n++; }
            double ms = sw.Elapsed.TotalMilliseconds / n;
            lines.Add($"{cls} replicas={d.Replicas.Length} verdicts={d.Verdicts.Length} unserved={d.UnservedDemand.Length} {ms:0.000} ms/op  {d.Replicas.Length / ms * 1000:0} replicas/s");
        }
        File.WriteAllLines("/tmp/art-placement/perf.txt", lines);
    }
}
