using Bunsan.Emulation.Load;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>One strategy's measured run: the whole phase, and the burst (requests from the burst region during it).</summary>
public sealed record DemoPhase(string Strategy, LoadReport Whole, LoadReport Burst);

/// <summary>What `bunsan demo --json` prints.</summary>
public sealed record DemoReport(
    string Topology,
    int Sites,
    double PhaseSeconds,
    string Burst,
    bool EmulatedWan,
    bool EmulatedExecution,
    IReadOnlyList<DemoPhase> Phases);
