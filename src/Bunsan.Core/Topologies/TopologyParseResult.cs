using System.Collections.Immutable;

namespace Bunsan.Core.Topologies;

/// <summary>The outcome of reading a topology file: the topology, or every problem found in it.</summary>
/// <param name="Topology">The snapshot when the file is valid; null otherwise.</param>
/// <param name="Errors">Each problem as "source:line:column: sites[i] (id): field is value: fix"; empty on success.</param>
public sealed record TopologyParseResult(Topology? Topology, ImmutableArray<string> Errors)
{
    public bool Succeeded => Topology is not null && Errors.IsEmpty;
}
