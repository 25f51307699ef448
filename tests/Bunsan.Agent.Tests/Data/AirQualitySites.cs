using System.Diagnostics;
using Bunsan.Agent.Data;
using Bunsan.Federation.Queries;
using Bunsan.Tests;

namespace Bunsan.Agent.Tests.Data;

/// <summary>
/// The real NIES air-quality data spread as it would be in the field: one site per city (11), each holding
/// its stations (31 in all) as datasets "nies-&lt;station code&gt;" in its own <see cref="SiteDataStore"/>.
/// Loaded once for all the tests that use it; absent shared data leaves <see cref="SkipReason"/> set.
/// </summary>
public sealed class AirQualitySites : IDisposable
{
    private const string Folder = "data/iot/japan_air_pollution_nies_stations";

    private readonly TempDirectory? _temp;

    public AirQualitySites()
    {
        string? root = SharedData.PathOf(Folder + "/selected_stations.csv", out string reason);
        if (root is null)
        {
            SkipReason = reason;
            return;
        }
        _temp = new TempDirectory();
        string stations = Path.Combine(Path.GetDirectoryName(root)!, "stations");
        var loading = Stopwatch.StartNew();
        // city,station_code,...: the first two fields are never quoted.
        foreach (IGrouping<string, string> city in File.ReadLines(root).Skip(1).Select(l => l.Split(',')).GroupBy(f => f[0], f => f[1]))
        {
            SiteDataStore store = SiteDataStore.Open(_temp.Sub(city.Key));
            Sites.Add((city.Key, store));
            foreach (string code in city)
            {
                string file = Path.Combine(stations, code + ".csv");
                DatasetLoad load = store.Load("nies-" + code, file);
                Files["nies-" + code] = load.Ok ? file : throw new InvalidOperationException(load.Error);
            }
        }
        LoadTime = loading.Elapsed;
    }

    /// <summary>Why the tests skip (shared data absent), or null.</summary>
    public string? SkipReason { get; }

    public List<(string City, SiteDataStore Store)> Sites { get; } = [];

    /// <summary>Dataset name → the station file it was loaded from (for the central reference).</summary>
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public TimeSpan LoadTime { get; }

    /// <summary>Every site runs the fragment over its matching datasets; partials are summed per group over sites.</summary>
    public List<GroupTotals> RunEverywhere(FederatedQuery query)
    {
        var totals = new Dictionary<GroupKey, Int128[]>();
        foreach ((string city, SiteDataStore store) in Sites)
        {
            List<string> datasets = [.. store.List().Select(d => d.Name).Where(query.Matches)];
            if (datasets.Count == 0)
            {
                continue;
            }
            FragmentResult result = store.Run(query.Fragment, datasets);
            Assert.True(result.Ok, $"{city}: {result.Error}");
            foreach (FragmentGroup group in result.Groups)
            {
                Int128[] sum = totals.TryGetValue(group.Key, out Int128[]? seen) ? seen : totals[group.Key] = new Int128[group.Partials.Length];
                for (int p = 0; p < sum.Length; p++)
                {
                    sum[p] += group.Partials[p];
                }
            }
        }
        return [.. totals.Select(t => new GroupTotals(t.Key, [.. t.Value.Select(v => checked((long)v))]))];
    }

    public void Dispose()
    {
        foreach ((_, SiteDataStore store) in Sites)
        {
            store.Dispose();
        }
        _temp?.Dispose();
    }
}
