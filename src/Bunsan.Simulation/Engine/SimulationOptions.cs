using Bunsan.Placement.Routing;

namespace Bunsan.Simulation.Engine;

/// <summary>Parameters of a simulation run, with their defaults.</summary>
public sealed class SimulationOptions
{
    /// <summary>Bytes of each request and of each response (or rejection). Default 1,000: a small JSON body.</summary>
    public double PayloadBytes { get; init; } = 1_000;

    /// <summary>Spatial-ID zoom of the origin cells routing tables are precomputed for (default 11, ~16 km cells over Japan).</summary>
    public int OriginCellZoom { get; init; } = OriginCells.DefaultZoom;

    /// <summary>Latencies kept per strategy and class for the CDF plot (evenly thinned beyond this). Default 20,000.</summary>
    public int PlotSamplesPerClass { get; init; } = 20_000;
}
