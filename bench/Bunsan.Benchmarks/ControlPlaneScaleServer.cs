using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Bunsan.ControlPlane;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Functions;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Bunsan.Benchmarks;

/// <summary>
/// The control plane of the scale scenario, in its own process so that its CPU and memory are its own and the load
/// generator's GC pauses never show up as server latency. Speaks lines on stdio: prints <c>ready API AGENT</c> once
/// listening; on <c>gc-mark</c> starts counting collections afresh; on <c>profile</c> prints those collections and a
/// timing breakdown of the placement beat (one <c>profile ...</c> line each, then <c>profile-end</c>); stops when
/// stdin closes, so a killed parent leaves no server behind.
/// </summary>
internal static class ControlPlaneScaleServer
{
    public const string Verb = "control-plane-scale-server";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count != 2 || args[0] != "--data")
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} --data DIR (started by control-plane-scale, not by hand)");
            return 2;
        }
        await using ControlPlaneServer server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = args[1],
            SiloPort = LoopbackPorts.Free(),
            GatewayPort = LoopbackPorts.Free(),
            ApiPort = 0,
            AgentPort = 0,
        });
        using var collections = new ControlPlaneScaleGcPhases();
        Console.WriteLine($"ready {server.ApiUri} {server.AgentUri}");
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "gc-mark")
            {
                collections.Mark();
            }
            else if (command == "profile")
            {
                foreach (string line in collections.Summary())
                {
                    Console.WriteLine("profile " + line);
                }
                await ProfileAsync(server.Grains, server.Services.GetRequiredService<LiveSiteTable>());
                Console.WriteLine("profile-end");
            }
        }
        return 0;
    }

    /// <summary>
    /// Times the parts of one placement beat on the live federation: the snapshot of the live site table, a fresh
    /// placement of every deployed function on it, and the plan grain's whole replan (queueing behind the placement
    /// loop included). Also the GC's pauses since start, which land on every request in flight.
    /// </summary>
    private static async Task ProfileAsync(IGrainFactory grains, LiveSiteTable table)
    {
        var capture = new List<double>();
        LiveTopology live = null!;
        for (int i = 0; i < 5; i++)
        {
            long start = Stopwatch.GetTimestamp();
            live = await table.CaptureAsync();
            capture.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        ImmutableArray<string> names = await grains.FunctionCatalog().List();
        FunctionDeployment?[] deployments = await Task.WhenAll(names.Select(n => grains.Function(n).GetDeployment()));
        FunctionSpec[] functions = [.. deployments.OfType<FunctionDeployment>().Select(d => d.Spec)];
        var planner = new Planner(FittedLatencyModel.Default);
        var place = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            long start = Stopwatch.GetTimestamp();
            planner.Plan(live, functions, new Dictionary<string, string[]>(StringComparer.Ordinal));
            place.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var replan = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await grains.Plan().Replan();
            replan.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        int healthy = live.Topology.Sites.Count(s => s.Health == Bunsan.Core.Sites.SiteHealth.Healthy);
        Console.WriteLine($"profile LiveSiteTable.CaptureAsync ({live.Topology.Sites.Length} sites, {healthy} healthy): {Ms(capture)}");
        Console.WriteLine($"profile Planner.Plan, fresh, {functions.Length} functions: {Ms(place)}");
        Console.WriteLine($"profile IPlanGrain.Replan (capture + plan + store when changed): {Ms(replan)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile GC ({(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}) since start: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, total pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, heap {GC.GetTotalMemory(false) / (1 << 20)} MiB, threads {ThreadPool.ThreadCount}"));
    }

    private static string Ms(List<double> samples) =>
        string.Join(", ", samples.Select(s => s.ToString("F1", CultureInfo.InvariantCulture))) + " ms";
}
