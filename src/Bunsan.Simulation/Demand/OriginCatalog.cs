using Bunsan.Core.Geo;

namespace Bunsan.Simulation.Demand;

/// <summary>
/// Weighted places where requests originate, sampled in O(1) with Walker's alias method (Vose's construction):
/// one multiply, one table read and one compare per draw, no allocation.
/// </summary>
public sealed class OriginCatalog
{
    private readonly GeoPoint[] _locations;
    private readonly string[] _names;
    private readonly string[] _prefectures;
    private readonly double[] _weights;
    private readonly double[] _keep;
    private readonly int[] _alias;

    private OriginCatalog(GeoPoint[] locations, string[] names, string[] prefectures, double[] weights)
    {
        _locations = locations;
        _names = names;
        _prefectures = prefectures;
        _weights = weights;
        (_keep, _alias) = BuildAlias(weights);
    }

    /// <summary>
    /// Japan's 1,896 municipalities and designated-city wards (localgovjp, Code for Fukui, CC0), each weighted by its
    /// prefecture's 2020 census population split equally among the prefecture's entries (Demand/README.md says why:
    /// prefecture shares are exact; within a prefecture the municipality count stands in for population).
    /// </summary>
    public static OriginCatalog JapanMunicipalities => LazyJapan.Value;

    private static readonly Lazy<OriginCatalog> LazyJapan = new(() => JapanMunicipalityData.Load(Create));

    public int Count => _locations.Length;

    public GeoPoint Location(int i) => _locations[i];

    /// <summary>Name as written locally (Japanese for the shipped catalog, e.g. "札幌市 中央区").</summary>
    public string Name(int i) => _names[i];

    /// <summary>Prefecture (or region) in English, e.g. "Hokkaido"; empty for catalogs built from bare points.</summary>
    public string Prefecture(int i) => _prefectures[i];

    /// <summary>Relative weight (people, for the shipped catalog); the probability of i is Weight(i) / TotalWeight.</summary>
    public double Weight(int i) => _weights[i];

    public double TotalWeight { get; private init; }

    /// <summary>Draws an origin index, for <paramref name="u"/> uniform in [0, 1).</summary>
    public int Sample(double u)
    {
        double x = u * _keep.Length;
        int i = Math.Min((int)x, _keep.Length - 1);
        return x - i < _keep[i] ? i : _alias[i];
    }

    /// <summary>A catalog from explicit points (tests, synthetic demand); weights default to 1 each.</summary>
    /// <exception cref="ArgumentException">No points, lengths differ, or a weight is negative, non-finite, or all are zero.</exception>
    public static OriginCatalog FromPoints(IReadOnlyList<GeoPoint> locations, IReadOnlyList<double>? weights = null, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(locations);
        return Create(
            [.. locations],
            names is null ? [.. locations.Select(l => l.ToString())] : [.. names],
            [.. locations.Select(_ => "")],
            weights is null ? [.. locations.Select(_ => 1.0)] : [.. weights]);
    }

    internal static OriginCatalog Create(GeoPoint[] locations, string[] names, string[] prefectures, double[] weights)
    {
        if (locations.Length == 0 || names.Length != locations.Length || prefectures.Length != locations.Length || weights.Length != locations.Length)
        {
            throw new ArgumentException($"an origin catalog needs at least one point and one name, prefecture and weight per point (got {locations.Length} points, {names.Length} names, {weights.Length} weights)");
        }
        double total = 0;
        foreach (double w in weights)
        {
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"origin weight {w} is not a finite number >= 0");
            }
            total += w;
        }
        if (total <= 0)
        {
            throw new ArgumentException("origin weights are all zero: give at least one point a positive weight");
        }
        return new OriginCatalog(locations, names, prefectures, weights) { TotalWeight = total };
    }

    /// <summary>Vose's alias table: column i keeps i with probability keep[i], else yields alias[i].</summary>
    private static (double[] Keep, int[] Alias) BuildAlias(double[] weights)
    {
        int n = weights.Length;
        double total = weights.Sum();
        var scaled = new double[n];
        var keep = new double[n];
        var alias = new int[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop();
            int l = large.Pop();
            keep[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }
        // Leftovers are 1 up to rounding error.
        while (large.Count > 0)
        {
            int l = large.Pop();
            keep[l] = 1;
            alias[l] = l;
        }
        while (small.Count > 0)
        {
            int s = small.Pop();
            keep[s] = 1;
            alias[s] = s;
        }
        return (keep, alias);
    }
}
