using System.Collections.Frozen;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Agent;

/// <summary>
/// What every agent derives, identically, from the same topology and function catalog: the sites, their links'
/// modelled latency, and where each function is placed. Immutable; no control plane is involved (issue 4 adds one).
/// </summary>
public sealed class Federation
{
    public Federation(Topology topology, int selfIndex, IEnumerable<FunctionRoute> functions, ILatencyModel latency)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
        SelfIndex = selfIndex;
        Links = new SiteLatencyTable(topology, latency);
        Latency = latency;
        Functions = functions.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public Topology Topology { get; }

    public int SelfIndex { get; }

    public Site Self => Topology.Sites[SelfIndex];

    public SiteLatencyTable Links { get; }

    public ILatencyModel Latency { get; }

    public FrozenDictionary<string, FunctionRoute> Functions { get; }

    /// <summary>Modelled one-way latency between two sites (half the RTT; measured RTTs win); 0 to itself, where no link is crossed.</summary>
    public double OneWayMs(int siteA, int siteB) => siteA == siteB ? 0 : Links.RttMs(siteA, siteB) / 2;

    /// <summary>Functions placed on this site.</summary>
    public IEnumerable<FunctionRoute> HostedHere => Functions.Values.Where(f => f.IsReplica(SelfIndex));
}
