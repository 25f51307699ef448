using Bunsan.Core.Geo;
using Bunsan.Core.Latency;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// Inverts a latency model's distance term: how far from an origin a site may be and still answer
/// within a network budget. The model is probed along a great circle and bisected (about 40 model
/// calls, ~2 µs), assuming RTT never shrinks as distance grows — true of an overhead-plus-per-km fit
/// and of the physical bound. Every site inside the reach still gets its exact RTT from the model.
/// </summary>
public static class LatencyReach
{
    /// <summary>Half the Earth's circumference: no two points are farther apart.</summary>
    public const double MaxDistanceKm = Math.PI * GeoPoint.EarthRadiusKm;

    /// <summary>The reach in km (at or just past the last feasible distance), or a negative number when even a site at the origin misses the budget.</summary>
    public static double RadiusKm(ILatencyModel model, GeoPoint origin, double networkBudgetMs) =>
        Bounds(model, origin, networkBudgetMs).OuterKm;

    /// <summary>
    /// Both sides of the reach: every distance up to <c>InnerKm</c> fits the budget, nothing beyond
    /// <c>OuterKm</c> does (they are within 0.5 km of each other). Negative when nothing fits.
    /// </summary>
    public static (double InnerKm, double OuterKm) Bounds(ILatencyModel model, GeoPoint origin, double networkBudgetMs)
    {
        if (double.IsPositiveInfinity(networkBudgetMs))
        {
            return (MaxDistanceKm, MaxDistanceKm);
        }
        if (!(model.RttMs(origin, origin) <= networkBudgetMs))
        {
            return (-1, -1);
        }
        // Start from the physical bound (light in fibre, 0.01 ms RTT per km): no real path is faster,
        // so the reach is at most this far. A model faster than physics gets the whole globe.
        double hi = Math.Min(MaxDistanceKm, (networkBudgetMs / (2 * PhysicalBoundLatencyModel.OneWayMsPerKm)) + 1);
        if (model.RttMs(origin, PointAt(origin, hi)) <= networkBudgetMs)
        {
            if (hi >= MaxDistanceKm || model.RttMs(origin, PointAt(origin, MaxDistanceKm)) <= networkBudgetMs)
            {
                return (MaxDistanceKm, MaxDistanceKm);
            }
            hi = MaxDistanceKm;
        }
        double lo = 0;
        while (hi - lo > 0.5)
        {
            double mid = (lo + hi) / 2;
            if (model.RttMs(origin, PointAt(origin, mid)) <= networkBudgetMs)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return (lo, hi);
    }

    /// <summary>The point <paramref name="distanceKm"/> due north of the origin along the great circle (over the pole if need be).</summary>
    public static GeoPoint PointAt(GeoPoint origin, double distanceKm)
    {
        double delta = distanceKm / GeoPoint.EarthRadiusKm;
        double lat = (origin.Latitude * Math.PI / 180) + delta;
        double lon = origin.Longitude;
        if (lat > Math.PI / 2)
        {
            lat = Math.PI - lat;
            lon = lon > 0 ? lon - 180 : lon + 180;
        }
        return new GeoPoint(lat * 180 / Math.PI, lon);
    }
}
