using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Placement.Tests.Pipeline;

/// <summary>Seeded random topologies, functions and demand over Japan's bounding box, for property tests.</summary>
internal static class RandomTopologies
{
    private static readonly LatencyClass[] Classes = [LatencyClass.Realtime, LatencyClass.Immersive, LatencyClass.Control, LatencyClass.Batch, new("40ms", 40)];

    /// <summary>Sites clustered around 12 random metros in 4 regions; ~10% unhealthy, ~8% outside JP.</summary>
    public static Topology Generate(Random random, int siteCount)
    {
        var metros = Enumerable.Range(0, 12)
            .Select(m => (Name: $"metro{m}", Region: $"region{m % 4}", Lat: 31 + (random.NextDouble() * 14), Lon: 129 + (random.NextDouble() * 16)))
            .ToArray();
        var sites = ImmutableArray.CreateBuilder<Site>(siteCount);
        for (int i = 0; i < siteCount; i++)
        {
            var m = metros[random.Next(metros.Length)];
            var location = new GeoPoint(m.Lat + ((random.NextDouble() - 0.5) * 1.2), m.Lon + ((random.NextDouble() - 0.5) * 1.2));
            double roll = random.NextDouble();
            var health = roll < 0.05 ? SiteHealth.Down : roll < 0.10 ? SiteHealth.Degraded : SiteHealth.Healthy;
            string jurisdiction = random.NextDouble() < 0.08 ? "KR" : "JP";
            int cores = new[] { 4, 16, 64 }[random.Next(3)];
            sites.Add(new Site($"s{i}", $"site {i}", location, SiteTier.Edge, jurisdiction, new FailureDomains(m.Name, m.Region),
                new SiteCapacity(cores, cores * 4), new EnergyProfile(100, 300 + (random.NextDouble() * 300), 1.1 + (random.NextDouble() * 0.6), 20 + (random.NextDouble() * 700)), health));
        }
        return new Topology("random", sites.MoveToImmutable());
    }

    public static ImmutableArray<double> Utilisation(Random random, int siteCount) =>
        [.. Enumerable.Range(0, siteCount).Select(_ => random.NextDouble() * 0.95)];

    public static FunctionSpec Function(Random random)
    {
        double p99 = 1 + (random.NextDouble() * 4);
        return new FunctionSpec("f", "", new InvocationResources(0.25 + random.NextDouble(), 64 + (random.NextDouble() * 512)),
            new ExecutionTime(p99 / 2, p99), Classes[random.Next(Classes.Length)],
            random.NextDouble() < 0.5 ? [] : ["JP"], 1 + random.Next(2), 4 + random.Next(27));
    }

    /// <summary>Demand points anywhere in the box, 1–50 rps each (small enough that a replica's share always fits).</summary>
    public static Bunsan.Placement.PlacementRequest Demand(Random random, FunctionSpec function, int count) =>
        new(function, [.. Enumerable.Range(0, count).Select(_ =>
            new Bunsan.Placement.DemandPoint(new GeoPoint(30 + (random.NextDouble() * 16), 128 + (random.NextDouble() * 18)), 1 + (random.NextDouble() * 49)))]);
}
