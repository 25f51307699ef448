namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// Runtime settings the control plane's process wants from the environment (read before any code runs): the `bunsan`
/// launcher sets them for `bunsan up` only, and the control-plane benchmark for its server process.
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

    /// <summary>
    /// Methods with loops compiled fully optimised at their first call. By default such a method starts unoptimised
    /// and is recompiled mid-loop (on-stack replacement), on the calling thread, once the loop runs hot: placement's
    /// loops over 10,000 sites paid that inside deploys. Deploy p99 over 30 deploys while 10,000 agents beat, three
    /// runs each: 59–109 ms by default, 34–59 ms with this (BENCHMARKS.md §10). runtimeconfig.json can set it too, but
    /// for every verb of the CLI at once.
    /// </summary>
    public static KeyValuePair<string, string> LoopsOptimised { get; } = new("DOTNET_TC_QuickJitForLoops", "0");

    /// <summary>Every setting above, for a launcher to export.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } = [Gen0Budget, LoopsOptimised];
}
