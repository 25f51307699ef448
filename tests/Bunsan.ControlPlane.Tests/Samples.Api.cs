using Bunsan.Protocol.V1;

namespace Bunsan.ControlPlane.Tests;

/// <summary>Wire-level samples for the API and agent-service tests.</summary>
internal static class WireSamples
{
    /// <summary>An edge site's description as an agent sends it when it joins.</summary>
    public static SiteDescription Site(string id, double lat, double lon, string metro) => new()
    {
        Id = id,
        Name = id,
        Latitude = lat,
        Longitude = lon,
        Tier = "edge",
        Jurisdiction = "JP",
        Metro = metro,
        Region = metro,
        Cores = 8,
        MemoryGib = 32,
        IdleWatts = 100,
        PeakWatts = 300,
        Pue = 1.3,
        GridCarbonGPerKwh = 450,
        Endpoint = "http://127.0.0.1:9",
    };

    /// <summary>The smallest module the function ABI accepts: memory, alloc and handle (echo).</summary>
    public static byte[] EchoModule() => Wasmtime.Module.ConvertText(Bunsan.Executor.ExampleFunctions.Echo);
}
