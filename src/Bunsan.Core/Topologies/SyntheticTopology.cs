using System.Collections.Immutable;
using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;

namespace Bunsan.Core.Topologies;

/// <summary>
/// Generates large, plausible Japanese topologies for the simulator and benchmarks (10⁴–10⁵ sites),
/// deterministically per seed. Sites fall around the 47 prefectural capitals and ~50 other cities,
/// weighted by population, with Gaussian jitter (wider for large prefectures, so Hokkaido's sites spread
/// out; a few land offshore of coastal cities, which is harmless to a distance-based latency model).
/// Mix, by draw: ~90% edge, 7% regional (at capitals), 1.5% core (Tokyo 83% / Osaka 17%, the
/// 71:14 Kanto:Osaka floor-space split), 0.5% JP cloud (Tokyo/Osaka), 1% foreign cloud (Seoul,
/// Busan: KR; Taipei: TW) so residency rules have something to exclude.
/// </summary>
public static class SyntheticTopology
{
    private const double KmPerDegreeLatitude = 111.2;
    private const double CloudForeignShare = 0.010;
    private const double CloudJapanShare = 0.005;
    private const double CoreShare = 0.015;
    private const double RegionalShare = 0.070;

    private static readonly Anchor[] EdgeAnchors = BuildEdgeAnchors();
    private static readonly double[] EdgeCumulative = Cumulative(EdgeAnchors);
    private static readonly Anchor[] CapitalAnchors = [.. EdgeAnchors.Where(a => a.IsCapital)];
    private static readonly double[] CapitalCumulative = Cumulative(CapitalAnchors);
    private static readonly Anchor Tokyo = CapitalAnchors.Single(a => a.Slug == "tokyo") with { JitterKm = 15 };
    private static readonly Anchor Osaka = CapitalAnchors.Single(a => a.Slug == "osaka") with { JitterKm = 10 };
    private static readonly Anchor[] ForeignAnchors =
    [
        new("seoul", "korea", "KR", 37.5665, 126.9780, 5, 450, false, 8),
        new("busan", "korea", "KR", 35.1796, 129.0756, 2, 450, false, 6),
        new("taipei", "taiwan", "TW", 25.0330, 121.5654, 3, 500, false, 6),
    ];
    private static readonly double[] ForeignCumulative = Cumulative(ForeignAnchors);

    /// <summary>Generates <paramref name="siteCount"/> valid, healthy sites; the same seed always gives the same topology.</summary>
    /// <exception cref="ArgumentOutOfRangeException">siteCount is below 1.</exception>
    public static Topology Generate(int siteCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(siteCount, 1);
        // A seeded System.Random keeps .NET's legacy algorithm, so a seed replays on every machine running
        // the same runtime; .NET does not promise the sequence across major versions.
        var random = new Random(seed);
        var sites = ImmutableArray.CreateBuilder<Site>(siteCount);
        for (int i = 0; i < siteCount; i++)
        {
            sites.Add(NextSite(random, i));
        }
        return new Topology(string.Create(CultureInfo.InvariantCulture, $"synthetic-{siteCount}-seed{seed}"), sites.MoveToImmutable());
    }

    private static Site NextSite(Random random, int index)
    {
        double draw = random.NextDouble();
        (SiteTier tier, Anchor anchor) = draw switch
        {
            < CloudForeignShare => (SiteTier.Cloud, Pick(random, ForeignAnchors, ForeignCumulative)),
            < CloudForeignShare + CloudJapanShare => (SiteTier.Cloud, random.NextDouble() < 0.7 ? Tokyo : Osaka),
            < CloudForeignShare + CloudJapanShare + CoreShare => (SiteTier.Core, random.NextDouble() < 71.0 / 85 ? Tokyo : Osaka),
            < CloudForeignShare + CloudJapanShare + CoreShare + RegionalShare => (SiteTier.Regional, Pick(random, CapitalAnchors, CapitalCumulative)),
            _ => (SiteTier.Edge, Pick(random, EdgeAnchors, EdgeCumulative)),
        };
        GeoPoint location = Jitter(random, anchor);
        string tierName = tier switch
        {
            SiteTier.Edge => "edge",
            SiteTier.Regional => "regional",
            SiteTier.Core => "core",
            _ => "cloud",
        };
        int cores = tier switch
        {
            SiteTier.Edge => 8 << random.Next(4),            // 8, 16, 32 or 64
            SiteTier.Regional => 256 + (64 * random.Next(13)), // 256..1024
            SiteTier.Core => 2048 + (512 * random.Next(13)),   // 2048..8192
            _ => 4096 + (1024 * random.Next(13)),               // 4096..16384
        };
        // Watts per core at idle and peak, and PUE ranges: small edge rooms are least efficient, hyperscale clouds most.
        (double idlePerCore, double peakPerCore, double pueLow, double pueHigh, double gibPerCore) = tier switch
        {
            SiteTier.Edge => (5.0, 12.0, 1.6, 2.0, 4.0),
            SiteTier.Regional => (4.0, 10.0, 1.4, 1.6, 8.0),
            SiteTier.Core => (3.5, 9.0, 1.3, 1.45, 8.0),
            _ => (3.0, 8.0, 1.1, 1.3, 8.0),
        };
        double spread = 0.9 + (0.2 * random.NextDouble());
        var energy = new EnergyProfile(
            Math.Round(cores * idlePerCore * spread),
            Math.Round(cores * peakPerCore * spread),
            Math.Round(pueLow + ((pueHigh - pueLow) * random.NextDouble()), 2),
            anchor.GridCarbon);
        // The id doubles as the name: a second string per site would cost 100,000 allocations for no information.
        string id = string.Create(CultureInfo.InvariantCulture, $"{tierName}-{anchor.Slug}-{index}");
        return new Site(id, id, location, tier, anchor.Jurisdiction, anchor.Domains, new SiteCapacity(cores, cores * gibPerCore), energy);
    }

    private static GeoPoint Jitter(Random random, Anchor anchor)
    {
        // Box–Muller: two uniforms give two independent standard normals.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1)) * anchor.JitterKm;
        double northKm = r * Math.Cos(2 * Math.PI * u2);
        double eastKm = r * Math.Sin(2 * Math.PI * u2);
        double lat = Math.Clamp(anchor.Latitude + (northKm / KmPerDegreeLatitude), -90, 90);
        double lon = anchor.Longitude + (eastKm / (KmPerDegreeLatitude * Math.Cos(lat * Math.PI / 180)));
        return new GeoPoint(Math.Round(lat, 6), Math.Round(Math.Clamp(lon, -180, 180), 6));
    }

    private static Anchor Pick(Random random, Anchor[] anchors, double[] cumulative)
    {
        double target = random.NextDouble() * cumulative[^1];
        int i = Array.BinarySearch(cumulative, target);
        i = i >= 0 ? i + 1 : ~i;
        return anchors[Math.Min(i, anchors.Length - 1)];
    }

    private static double[] Cumulative(Anchor[] anchors)
    {
        var cumulative = new double[anchors.Length];
        double sum = 0;
        for (int i = 0; i < anchors.Length; i++)
        {
            sum += anchors[i].Weight;
            cumulative[i] = sum;
        }
        return cumulative;
    }

    private static Anchor[] BuildEdgeAnchors()
    {
        var anchors = new List<Anchor>();
        for (int p = 0; p < JapanPlaces.Prefectures.Length; p++)
        {
            Prefecture pref = JapanPlaces.Prefectures[p];
            double carbon = JapanPlaces.GridCarbonGramsPerKWh(pref.Region);
            int inCities = JapanPlaces.Cities.Where(c => c.PrefectureIndex == p).Sum(c => c.PopulationThousands);
            // The capital stands for the rest of its prefecture, spread over an area-scaled radius
            // (Hokkaido ~40 km, Tokyo ~7 km); listed cities carry their own population.
            double weight = Math.Max(pref.PopulationThousands - inCities, 0.2 * pref.PopulationThousands);
            double jitterKm = Math.Clamp(0.15 * Math.Sqrt(pref.AreaKm2), 5, 40);
            anchors.Add(new Anchor(pref.CapitalSlug, pref.Region, "JP", pref.Latitude, pref.Longitude, weight, carbon, true, jitterKm));
            foreach (City city in JapanPlaces.Cities.Where(c => c.PrefectureIndex == p))
            {
                anchors.Add(new Anchor(city.Slug, pref.Region, "JP", city.Latitude, city.Longitude, city.PopulationThousands, carbon, false, 6));
            }
        }
        return [.. anchors];
    }

    private sealed record Anchor(
        string Slug, string Region, string Jurisdiction, double Latitude, double Longitude,
        double Weight, double GridCarbon, bool IsCapital, double JitterKm)
    {
        /// <summary>Shared by every site drawn around this anchor (records are immutable, so sharing is safe).</summary>
        public FailureDomains Domains { get; } = new(Slug, Region);
    }
}
