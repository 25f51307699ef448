using Bunsan.Core.Geo;

namespace Bunsan.Core.Latency;

/// <summary>A measured ping from one server to another: the day's minimum and average round-trip time.</summary>
public readonly record struct PingPair(int SourceId, GeoPoint Source, int DestinationId, GeoPoint Destination, double MinMs, double AvgMs)
{
    public double DistanceKm => Source.DistanceKmTo(Destination);
}
