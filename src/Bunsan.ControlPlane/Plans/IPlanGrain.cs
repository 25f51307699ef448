namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// The single sequencer of placement (see <see cref="ControlPlaneGrains.Plan"/>): one activation replans
/// at a time, so two replans never interleave and versions never fork.
/// </summary>
[Alias("bunsan.IPlanGrain")]
public interface IPlanGrain : IGrainWithIntegerKey
{
    /// <summary>Places every deployed function on the live topology (only the new or changed ones while the federation
    /// is as the last plan saw it: <see cref="PlanBasis"/>), keeping current replicas where they still serve as well
    /// (hysteresis); publishes and returns the plan, with a new version when anything changed.</summary>
    [Alias("replan")]
    Task<FederationPlan> Replan();

    /// <summary>The plan last published (replanned if none was made since this activation started).</summary>
    [Alias("current")]
    Task<FederationPlan> Current();
}
