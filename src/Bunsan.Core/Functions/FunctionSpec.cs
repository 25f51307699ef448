using System.Collections.Immutable;

namespace Bunsan.Core.Functions;

/// <summary>What one invocation of a function needs from a site.</summary>
public sealed record InvocationResources(double Cores, double MemoryMiB);

/// <summary>
/// Expected execution time at a site, excluding queueing. Everything that needs its whole distribution (the simulator,
/// the agent's admission, emulated execution) takes the same shape: a lognormal with median p50 and 99th percentile p99.
/// </summary>
public sealed record ExecutionTime(double P50Ms, double P99Ms)
{
    /// <summary>The 99th-percentile z-score of the standard normal.</summary>
    public const double Z99 = 2.3263478740408408;

    /// <summary>The median the lognormal uses (p50, kept above 0).</summary>
    public double LognormalMedianMs() => Math.Max(P50Ms, 1e-6);

    /// <summary>σ of the lognormal: ln(p99 / p50) / z₀.₉₉ (0 when p99 ≤ p50).</summary>
    public double LognormalSigma() => Math.Log(Math.Max(P99Ms, LognormalMedianMs()) / LognormalMedianMs()) / Z99;

    /// <summary>Its mean, what routing and admission expect one invocation to take: p50 · e^(σ²/2).</summary>
    public double LognormalMeanMs()
    {
        double sigma = LognormalSigma();
        return LognormalMedianMs() * Math.Exp(sigma * sigma / 2);
    }
}

/// <summary>A deployable function: a WebAssembly module plus what placement needs to know about it.</summary>
/// <param name="ModuleDigest">SHA-256 of the module, "sha256:" + 64 hex digits (may be empty before upload).</param>
/// <param name="Residency">Jurisdictions (ISO country codes) where it may run; empty means anywhere.</param>
/// <param name="Module">Path of the module file (.wat or .wasm) as the catalog wrote it, relative to the catalog's
/// folder; null when the catalog names none (the module then arrives by digest from elsewhere).</param>
public sealed record FunctionSpec(
    string Name,
    string ModuleDigest,
    InvocationResources Resources,
    ExecutionTime Execution,
    LatencyClass Class,
    ImmutableArray<string> Residency,
    int MinReplicas,
    int MaxReplicas,
    string? Module = null)
{
    public bool AllowsJurisdiction(string jurisdiction) =>
        Residency.IsDefaultOrEmpty || Residency.Contains(jurisdiction, StringComparer.OrdinalIgnoreCase);

    /// <summary>Value equality, residency included: a record compares an ImmutableArray by reference, so two equal
    /// specs read at different times would otherwise differ (and a control plane would see a change that is none).</summary>
    public bool Equals(FunctionSpec? other) =>
        other is not null
        && Name == other.Name
        && ModuleDigest == other.ModuleDigest
        && Resources == other.Resources
        && Execution == other.Execution
        && Class == other.Class
        && Residency.AsSpan().SequenceEqual(other.Residency.AsSpan())
        && MinReplicas == other.MinReplicas
        && MaxReplicas == other.MaxReplicas
        && Module == other.Module;

    public override int GetHashCode() => HashCode.Combine(Name, ModuleDigest, Class, MinReplicas, MaxReplicas);
}
