using System.Runtime.CompilerServices;
using Bunsan.Core.Geo;
using Bunsan.Core.Topologies;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// A topology snapshot prepared for placement, built once and reused: sites bucketed in a
/// latitude/longitude grid (so a search around a demand point reads only nearby cells instead of
/// all sites), unit vectors (a distance test is a 3-term dot product instead of a haversine), and
/// failure domains as small integers. Building it for 10,000 sites takes about a millisecond.
/// </summary>
public sealed class SiteIndex
{
    /// <summary>Kilometres per degree of latitude on the mean-radius sphere (2π · 6371.0088 / 360).</summary>
    public const double KmPerDegree = 111.19508;

    private static readonly ConditionalWeakTable<Topology, SiteIndex> Cache = [];

    private readonly int[] _cellStart;
    private readonly int[] _cellSites;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _z;
    private readonly int[] _metro;
    private readonly int[] _region;

    public SiteIndex(Topology topology)
    {
        Topology = topology;
        var sites = topology.Sites;
        SiteCount = sites.Length;
        _x = new double[SiteCount];
        _y = new double[SiteCount];
        _z = new double[SiteCount];
        _metro = new int[SiteCount];
        _region = new int[SiteCount];
        var metros = new Dictionary<string, int>(StringComparer.Ordinal);
        var regions = new Dictionary<string, int>(StringComparer.Ordinal);
        double south = 90, north = -90, west = 180, east = -180;
        for (int i = 0; i < SiteCount; i++)
        {
            var p = sites[i].Location;
            (_x[i], _y[i], _z[i]) = UnitVector(p);
            _metro[i] = IdOf(metros, sites[i].Domains.Metro);
            _region[i] = IdOf(regions, sites[i].Domains.Region);
            south = Math.Min(south, p.Latitude);
            north = Math.Max(north, p.Latitude);
            west = Math.Min(west, p.Longitude);
            east = Math.Max(east, p.Longitude);
        }
        if (SiteCount == 0)
        {
            (south, north, west, east) = (0, 0, 0, 0);
        }
        // A topology spanning more than half the globe's longitudes may straddle the antimeridian:
        // cover all longitudes and let columns wrap, so a search never misses a site across it.
        WrapsLongitude = east - west > 180;
        if (WrapsLongitude)
        {
            (west, east) = (-180, 180);
        }
        // About one site per cell on average over the bounding box; 0.05°–5° keeps the grid sane
        // for a single city and for a planet. Cells are capped at ~4 million (32 MB of offsets).
        double area = Math.Max((north - south) * (east - west), 1e-6);
        CellDegrees = Math.Clamp(Math.Sqrt(area / Math.Max(SiteCount, 1)), 0.05, 5);
        while (((north - south) / CellDegrees + 1) * ((east - west) / CellDegrees + 1) > 4_000_000)
        {
            CellDegrees *= 2;
        }
        South = south;
        West = west;
        Rows = (int)Math.Floor((north - south) / CellDegrees) + 1;
        Columns = (int)Math.Floor((east - west) / CellDegrees) + 1;

        var cellOf = new int[SiteCount];
        _cellStart = new int[(Rows * Columns) + 1];
        for (int i = 0; i < SiteCount; i++)
        {
            var (row, column) = CellOf(sites[i].Location);
            cellOf[i] = (Math.Clamp(row, 0, Rows - 1) * Columns) + Math.Clamp(column, 0, Columns - 1);
            _cellStart[cellOf[i] + 1]++;
        }
        for (int c = 0; c < Rows * Columns; c++)
        {
            _cellStart[c + 1] += _cellStart[c];
        }
        _cellSites = new int[SiteCount];
        var fill = (int[])_cellStart.Clone();
        for (int i = 0; i < SiteCount; i++)
        {
            _cellSites[fill[cellOf[i]]++] = i;
        }
        MetroCount = metros.Count;
        var grams = new double[SiteCount];
        for (int i = 0; i < SiteCount; i++)
        {
            grams[i] = Scorers.EnergyCarbonScorer.GramsPerCoreHour(sites[i]);
        }
        SitesByCarbon = [.. Enumerable.Range(0, SiteCount).OrderBy(i => grams[i]).ThenBy(i => i)];
    }

    /// <summary>
    /// Site indexes from the least to the most CO₂ per busy core-hour: functions without a deadline
    /// are searched in this order, so the greenest sites are examined first.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<int> SitesByCarbon { get; }

    public Topology Topology { get; }

    public int SiteCount { get; }

    public int MetroCount { get; }

    public double CellDegrees { get; }

    public int Rows { get; }

    public int Columns { get; }

    public bool WrapsLongitude { get; }

    internal double South { get; }

    internal double West { get; }

    /// <summary>The index for a snapshot, built on first use and kept as long as the snapshot lives.</summary>
    public static SiteIndex For(Topology topology) => Cache.GetValue(topology, t => new SiteIndex(t));

    public int MetroOf(int siteIndex) => _metro[siteIndex];

    public int RegionOf(int siteIndex) => _region[siteIndex];

    /// <summary>Cosine of the angle between a point's unit vector and a site's: ≥ cos(d/R) means within d km.</summary>
    public double CosineTo(in UnitPoint point, int siteIndex) =>
        (point.X * _x[siteIndex]) + (point.Y * _y[siteIndex]) + (point.Z * _z[siteIndex]);

    /// <summary>Sites bucketed in one grid cell (row and column inside the grid).</summary>
    public ReadOnlySpan<int> SitesInCell(int row, int column)
    {
        int c = (row * Columns) + column;
        return _cellSites.AsSpan(_cellStart[c], _cellStart[c + 1] - _cellStart[c]);
    }

    /// <summary>The grid cell of a point; may lie outside the grid for a point outside the topology's box.</summary>
    public (int Row, int Column) CellOf(GeoPoint point)
    {
        double lon = point.Longitude;
        if (!WrapsLongitude)
        {
            // Use the copy of the longitude (±360°) nearest the grid's middle, so distances in
            // columns match distances on the globe for origins across the antimeridian.
            double middle = West + (Columns * CellDegrees / 2);
            lon += 360 * Math.Round((middle - lon) / 360);
        }
        int row = (int)Math.Floor((point.Latitude - South) / CellDegrees);
        int column = (int)Math.Floor((lon - West) / CellDegrees);
        return (row, WrapsLongitude ? Math.Clamp(column, 0, Columns - 1) : column);
    }

    public static (double X, double Y, double Z) UnitVector(GeoPoint p)
    {
        double lat = p.Latitude * Math.PI / 180, lon = p.Longitude * Math.PI / 180;
        double cosLat = Math.Cos(lat);
        return (cosLat * Math.Cos(lon), cosLat * Math.Sin(lon), Math.Sin(lat));
    }

    private static int IdOf(Dictionary<string, int> ids, string name)
    {
        if (!ids.TryGetValue(name, out int id))
        {
            id = ids.Count;
            ids.Add(name, id);
        }
        return id;
    }
}

/// <summary>A point as a unit vector on the sphere, for cheap distance tests against <see cref="SiteIndex"/>.</summary>
public readonly record struct UnitPoint(double X, double Y, double Z)
{
    public static UnitPoint Of(GeoPoint p)
    {
        var (x, y, z) = SiteIndex.UnitVector(p);
        return new UnitPoint(x, y, z);
    }
}
