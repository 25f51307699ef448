using System.Collections.Immutable;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Functions;

/// <summary>
/// Checks a function spec sent to the control plane: the parts a catalog file cannot omit must be
/// present, then Core's <see cref="FunctionValidator"/> applies exactly the catalog's rules.
/// </summary>
internal static class FunctionSpecRules
{
    /// <summary>The spec with its named latency class (the shared singleton) and a non-default residency, or every problem found.</summary>
    public static (FunctionSpec? Spec, ImmutableArray<string> Errors) Check(FunctionSpec? spec)
    {
        if (MissingParts(spec) is { Count: > 0 } missing)
        {
            return (null, [.. missing]);
        }
        ImmutableArray<string> errors = FunctionValidator.Validate(spec!);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        // The validator accepted the class name, so it parses; its budget must be the name's own.
        _ = LatencyClass.TryParse(spec!.Class.Name, out LatencyClass named, out _);
        if (named.BudgetMs != spec.Class.BudgetMs)
        {
            return (null, [FormattableString.Invariant(
                $"class '{spec.Class.Name}' has a budget of {named.BudgetMs} ms, not {spec.Class.BudgetMs}: use the class's own budget, or a custom class named by its budget such as {spec.Class.BudgetMs}ms")]);
        }
        return (spec with { Class = named, Residency = spec.Residency.IsDefault ? [] : spec.Residency }, []);
    }

    private static List<string> MissingParts(FunctionSpec? spec)
    {
        var missing = new List<string>();
        if (spec is null)
        {
            missing.Add("function is missing: send name, class, execution, resources and replicas");
            return missing;
        }
        if (spec.Name is null)
        {
            missing.Add("name is missing: use letters, digits, '.', '-' or '_'");
        }
        if (spec.Class is null)
        {
            missing.Add("class is missing: use realtime, immersive, control, interactive, batch, or a budget such as 250ms");
        }
        if (spec.Execution is null)
        {
            missing.Add("execution is missing: give p50_ms and p99_ms");
        }
        if (spec.Resources is null)
        {
            missing.Add("resources is missing: give cores and memory_mib");
        }
        return missing;
    }
}
