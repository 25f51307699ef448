using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Protocol.V1;

namespace Bunsan.Protocol;

/// <summary>A placed function on the wire: its spec and the site ids of its replicas.</summary>
public static class FunctionMessages
{
    public static FunctionPlacement ToMessage(FunctionSpec spec, IEnumerable<string> replicaSites)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var message = new FunctionPlacement
        {
            Name = spec.Name,
            ModuleDigest = spec.ModuleDigest,
            LatencyClass = spec.Class.Name,
            Cores = spec.Resources.Cores,
            MemoryMib = spec.Resources.MemoryMiB,
            ExecP50Ms = spec.Execution.P50Ms,
            ExecP99Ms = spec.Execution.P99Ms,
            MinReplicas = spec.MinReplicas,
            MaxReplicas = spec.MaxReplicas,
        };
        message.Residency.AddRange(spec.Residency.IsDefault ? [] : spec.Residency);
        message.ReplicaSites.AddRange(replicaSites);
        return message;
    }

    /// <summary>The spec a message describes (checked by Core's function rules), or every problem with it.</summary>
    public static (FunctionSpec? Spec, IReadOnlyList<string> Errors) FromMessage(FunctionPlacement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!LatencyClass.TryParse(message.LatencyClass, out LatencyClass latencyClass, out string? classError))
        {
            return (null, [$"function '{message.Name}': latency_class: {classError}"]);
        }
        var spec = new FunctionSpec(
            message.Name,
            message.ModuleDigest,
            new InvocationResources(message.Cores, message.MemoryMib),
            new ExecutionTime(message.ExecP50Ms, message.ExecP99Ms),
            latencyClass,
            [.. message.Residency],
            message.MinReplicas,
            message.MaxReplicas);
        ImmutableArray<string> errors = FunctionValidator.Validate(spec);
        return errors.IsEmpty ? (spec, []) : (null, [.. errors.Select(e => $"function '{message.Name}': {e}")]);
    }
}
