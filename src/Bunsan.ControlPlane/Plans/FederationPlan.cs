using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Plans;

/// <summary>One deployed function and the sites chosen as its replicas, in placement order.</summary>
[GenerateSerializer, Immutable, Alias("bunsan.planned-function")]
public sealed record PlannedFunction(
    [property: Id(0)] FunctionSpec Spec,
    [property: Id(1)] ImmutableArray<string> ReplicaSites);

/// <summary>
/// The federation's desired state: every registered site (with its health now) and where each function
/// runs. Agents receive it by push and derive from it what to host and where to route; the version
/// grows by one with each change, so an agent can tell a newer plan from a replay.
/// </summary>
[GenerateSerializer, Immutable, Alias("bunsan.federation-plan")]
public sealed record FederationPlan(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset PlannedAt,
    [property: Id(2)] ImmutableArray<Site> Sites,
    [property: Id(3)] ImmutableArray<PlannedFunction> Functions)
{
    public static FederationPlan Empty { get; } = new(0, DateTimeOffset.MinValue, [], []);

    /// <summary>Whether two plans tell agents the same thing (versions and times aside).</summary>
    public bool SameAs(FederationPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Sites.SequenceEqual(other.Sites)
            && Functions.Length == other.Functions.Length
            && Functions.Zip(other.Functions).All(pair => pair.First.Spec == pair.Second.Spec && pair.First.ReplicaSites.SequenceEqual(pair.Second.ReplicaSites));
    }
}
