using Bunsan.Core.Geo;

namespace Bunsan.Core.Latency;

/// <summary>Predicts the network round-trip time between two points.</summary>
public interface ILatencyModel
{
    /// <summary>Round-trip time in milliseconds.</summary>
    double RttMs(GeoPoint origin, GeoPoint destination);
}
