namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// Runtime settings the control plane's process wants that only the environment can give (the runtime reads them
/// before any code runs, and not from runtimeconfig.json): the `bunsan` launcher sets them for `bunsan up`, and the
/// control-plane benchmark for its server process.
/// </summary>
public static class ControlPlaneRuntime
{
    /// <summary>
    /// The smallest gen0 allocation budget, 64 MiB (hex, as the runtime reads it). Workstation GC's default is a few
    /// MiB: at 10,000 heartbeats a second that was ~1,200 gen0 and ~300 gen1 collections in two minutes, whose pauses
    /// were the API's tail. With 64 MiB: 69 and 14, API p99 under 50 ms (BENCHMARKS.md §10). Costs up to 64 MiB more
    /// memory; the survivors each collection copies, not the budget, set its pause.
    /// </summary>
    public static KeyValuePair<string, string> Gen0Budget { get; } = new("DOTNET_GCgen0size", "0x4000000");
}
