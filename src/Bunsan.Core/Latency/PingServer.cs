using Bunsan.Core.Geo;

namespace Bunsan.Core.Latency;

/// <summary>A ping server: its id in the ping file, a name and where it stands.</summary>
public sealed record PingServer(int Id, string Name, string Country, GeoPoint Location);
