using Bunsan.Core.Geo;

namespace Bunsan.Core.Latency;

/// <summary>
/// The physical lower bound: light in fibre travels about 200,000 km/s, i.e. ~5 µs per km one way,
/// along the great circle, with no routing detour and no equipment delay. Real paths are never faster.
/// </summary>
public sealed class PhysicalBoundLatencyModel : ILatencyModel
{
    public const double OneWayMsPerKm = 0.005;

    public static PhysicalBoundLatencyModel Instance { get; } = new();

    public double RttMs(GeoPoint origin, GeoPoint destination) => 2 * OneWayMsPerKm * origin.DistanceKmTo(destination);
}
