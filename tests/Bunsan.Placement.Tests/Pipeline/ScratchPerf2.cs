using System.Diagnostics;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Filters;
using Bunsan.Placement.Pipeline;
namespace Bunsan.Placement.Tests.Pipeline;
public sealed class ScratchPerf2
{
    [Fact]
    public void Perf2()
    {
        var topology = SyntheticTopology.Generate(10_000, 42);
        var random = new Random(1);
        var demand = Enumerable.Range(0, 20).Select(_ => new DemandPoint(topology.Sites[random.Next(topology.Sites.Length)].Location, 1 + random.Next(100))).ToArray();
        var context = new PlacementContext(topology, FittedLatencyModel.Default, []);
        var lines = new List<string>();
        var f = new FunctionSpec("f", "", new InvocationResources(0.5, 128), new ExecutionTime(2, 3), LatencyClass.Realtime, ["JP"], 2, 30);
        var req = new PlacementRequest(f, [.. demand]);
        var idx = SiteIndex.For(topology);
        lines.Add($"grid {idx.Rows}x{idx.Columns} cell {idx.CellDegrees} metros {idx.MetroCount}");
        for (int rep = 0; rep < 30; rep++)
        {
            var sw = Stopwatch.StartNew();
            using var scope = new PlacementScope(context, req, idx, PlacementOptions.Default);
            var search = new DemandSearch(scope, [.. PlacementOptions.Default.Filters.Select(PlacementComponents.Filter)]);
            search.Run();
            double t1 = sw.Elapsed.TotalMilliseconds;
            var kept = search.Passed.Where(s => DeadlineFilter.Instance.Reject(scope, s) is null).ToList();
            double t2 = sw.Elapsed.TotalMilliseconds;
            search.CompleteCoverage(kept);
            double t3 = sw.Elapsed.TotalMilliseconds;
            var c = new Candidates(scope, kept, demand.Length, false, search.FeasiblePairs);
            double t4 = sw.Elapsed.TotalMilliseconds;
            var chosen = new ReplicaSelector(scope, c).Select(2, 30, search.FeasibleSites, search.FeasibleMetros);
            double t5 = sw.Elapsed.TotalMilliseconds;
            lines.Add($"search {t1:0.00} (passed {search.Passed.Count} rejected {search.Rejected.Count} pairs {search.FeasiblePairs.Count}) deadline {t2-t1:0.00} kept {kept.Count} complete {t3-t2:0.00} cand {t4-t3:0.00} select {t5-t4:0.00} chosen {chosen.Count} reach {string.Join(",", search.ReachKm.Take(3).Select(r => r.ToString("0")))} feasible {string.Join(",", search.FeasibleSites.Take(5))}");
        }
        File.WriteAllLines("/tmp/art-placement/perf2.txt", lines);
    }
}
