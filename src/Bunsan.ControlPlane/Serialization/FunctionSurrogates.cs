using System.Collections.Immutable;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Serialization;

// See SiteSurrogates.cs: ids and aliases are part of the stored format.

[GenerateSerializer, Alias("bunsan.invocation-resources")]
internal struct InvocationResourcesSurrogate
{
    [Id(0)] public double Cores;
    [Id(1)] public double MemoryMiB;
}

[RegisterConverter]
internal sealed class InvocationResourcesConverter : IConverter<InvocationResources, InvocationResourcesSurrogate>
{
    public InvocationResources ConvertFromSurrogate(in InvocationResourcesSurrogate surrogate) => new(surrogate.Cores, surrogate.MemoryMiB);

    public InvocationResourcesSurrogate ConvertToSurrogate(in InvocationResources value) => new() { Cores = value.Cores, MemoryMiB = value.MemoryMiB };
}

[GenerateSerializer, Alias("bunsan.execution-time")]
internal struct ExecutionTimeSurrogate
{
    [Id(0)] public double P50Ms;
    [Id(1)] public double P99Ms;
}

[RegisterConverter]
internal sealed class ExecutionTimeConverter : IConverter<ExecutionTime, ExecutionTimeSurrogate>
{
    public ExecutionTime ConvertFromSurrogate(in ExecutionTimeSurrogate surrogate) => new(surrogate.P50Ms, surrogate.P99Ms);

    public ExecutionTimeSurrogate ConvertToSurrogate(in ExecutionTime value) => new() { P50Ms = value.P50Ms, P99Ms = value.P99Ms };
}

[GenerateSerializer, Alias("bunsan.latency-class")]
internal struct LatencyClassSurrogate
{
    [Id(0)] public string Name;
    [Id(1)] public double BudgetMs;
}

[RegisterConverter]
internal sealed class LatencyClassConverter : IConverter<LatencyClass, LatencyClassSurrogate>
{
    /// <summary>Core hands out the named classes as singletons (LatencyClass.Realtime, ...); a round trip keeps them so.</summary>
    public LatencyClass ConvertFromSurrogate(in LatencyClassSurrogate surrogate)
    {
        var value = new LatencyClass(surrogate.Name, surrogate.BudgetMs);
        return LatencyClass.Named.FirstOrDefault(named => named == value) ?? value;
    }

    public LatencyClassSurrogate ConvertToSurrogate(in LatencyClass value) => new() { Name = value.Name, BudgetMs = value.BudgetMs };
}

[GenerateSerializer, Alias("bunsan.function-spec")]
internal struct FunctionSpecSurrogate
{
    [Id(0)] public string Name;
    [Id(1)] public string ModuleDigest;
    [Id(2)] public InvocationResources Resources;
    [Id(3)] public ExecutionTime Execution;
    [Id(4)] public LatencyClass Class;
    [Id(5)] public ImmutableArray<string> Residency;
    [Id(6)] public int MinReplicas;
    [Id(7)] public int MaxReplicas;
    [Id(8)] public string? Module;
}

[RegisterConverter]
internal sealed class FunctionSpecConverter : IConverter<FunctionSpec, FunctionSpecSurrogate>
{
    public FunctionSpec ConvertFromSurrogate(in FunctionSpecSurrogate surrogate) => new(
        surrogate.Name,
        surrogate.ModuleDigest,
        surrogate.Resources,
        surrogate.Execution,
        surrogate.Class,
        surrogate.Residency.IsDefault ? [] : surrogate.Residency,
        surrogate.MinReplicas,
        surrogate.MaxReplicas,
        surrogate.Module);

    public FunctionSpecSurrogate ConvertToSurrogate(in FunctionSpec value) => new()
    {
        Name = value.Name,
        ModuleDigest = value.ModuleDigest,
        Resources = value.Resources,
        Execution = value.Execution,
        Class = value.Class,
        Residency = value.Residency,
        MinReplicas = value.MinReplicas,
        MaxReplicas = value.MaxReplicas,
        Module = value.Module,
    };
}
