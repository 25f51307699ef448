using System.Collections.Immutable;
using Bunsan.Core.Documents;

namespace Bunsan.Core.Functions;

/// <summary>
/// Checks a function spec built in code (e.g. sent to the control plane's API) against the same rules
/// the catalog file reader enforces, each problem worded as the file's would be: "resources.cores is 0: …".
/// </summary>
public static class FunctionValidator
{
    /// <summary>
    /// Why <paramref name="name"/> cannot name a function (worded to follow the field's name), or null. Names appear in
    /// URL paths (<c>/v1/functions/NAME</c>), so "." and ".." are refused too: they are path segments, not names.
    /// </summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name is "." or ".." ? ValueRules.Show(name) + " is a path segment, not a name: use letters, digits, '.', '-' or '_'"
            : ValueRules.Identifier(name);
    }

    /// <summary>Every problem found, each naming the field; empty when valid.</summary>
    public static ImmutableArray<string> Validate(FunctionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = ImmutableArray.CreateBuilder<string>();
        void Check(string field, string? problem)
        {
            if (problem is not null)
            {
                errors.Add(field + " " + problem);
            }
        }
        Check("name", NameProblem(spec.Name));
        bool namedClass = LatencyClass.TryParse(spec.Class.Name, out LatencyClass parsed, out _);
        Check("class", namedClass ? null
            : ValueRules.Show(spec.Class.Name) + " is not a latency class: use realtime, immersive, control, interactive, batch, or a budget such as 250ms");
        if (!string.IsNullOrEmpty(spec.ModuleDigest))
        {
            Check("module_digest", FunctionRules.ModuleDigest(spec.ModuleDigest));
        }
        if (spec.Module is not null)
        {
            Check("module", FunctionRules.ModulePath(spec.Module));
        }
        string? p50 = FunctionRules.ExecutionMs(spec.Execution.P50Ms);
        string? p99 = FunctionRules.ExecutionMs(spec.Execution.P99Ms);
        Check("execution.p50_ms", p50);
        Check("execution.p99_ms", p99 ?? (p50 is not null ? null
            : FunctionRules.P99AtLeastP50(spec.Execution) ?? FunctionRules.P99WithinBudget(spec.Execution, namedClass ? parsed : null)));
        Check("resources.cores", FunctionRules.Cores(spec.Resources.Cores));
        Check("resources.memory_mib", FunctionRules.MemoryMiB(spec.Resources.MemoryMiB));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < (spec.Residency.IsDefault ? 0 : spec.Residency.Length); i++)
        {
            string? code = spec.Residency[i];
            Check(FormattableString.Invariant($"residency[{i}]"), code is null ? "is missing: write a two-letter country code such as JP"
                : ValueRules.Jurisdiction(code) ?? (seen.Add(code) ? null : $"'{code}' is listed twice: list each jurisdiction once"));
        }
        string? min = FunctionRules.Replicas(spec.MinReplicas);
        string? max = FunctionRules.Replicas(spec.MaxReplicas);
        Check("replicas.min", min);
        Check("replicas.max", max ?? (min is null && spec.MaxReplicas < spec.MinReplicas
            ? FormattableString.Invariant($"is {spec.MaxReplicas}, below min {spec.MinReplicas}: make max >= min") : null));
        return errors.ToImmutable();
    }
}
