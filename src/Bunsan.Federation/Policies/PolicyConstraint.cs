using System.Collections.Immutable;
using System.Globalization;

namespace Bunsan.Federation.Policies;

/// <summary>
/// One constraint of a rule, typed: a set of names (purpose, spatial), an instant (dateTime), a count
/// (bunsan:minGroupSize) or an amount (bunsan:epsilonBudget). The last two are parameters of the policy, not tests.
/// </summary>
public sealed record PolicyConstraint(string Path, PolicyOperand Operand, PolicyOperator Operator, ImmutableArray<string> Names, DateTimeOffset Instant, int Count, decimal Amount)
{
    public bool IsParameter => Operand is PolicyOperand.MinGroupSize or PolicyOperand.EpsilonBudget;

    /// <summary>For name sets: true when the operator admits only the listed names (eq, isAnyOf), false when it excludes them.</summary>
    public bool Admits => Operator is PolicyOperator.Eq or PolicyOperator.IsAnyOf;

    public string RightText => Operand switch
    {
        PolicyOperand.Purpose or PolicyOperand.Spatial => Names.Length == 1 && Operator is PolicyOperator.Eq or PolicyOperator.Neq ? Names[0] : "[" + string.Join(", ", Names) + "]",
        PolicyOperand.DateTime => Instant.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        PolicyOperand.MinGroupSize => Count.ToString(CultureInfo.InvariantCulture),
        _ => Amount.ToString(CultureInfo.InvariantCulture),
    };

    /// <param name="request">The query's facts.</param>
    /// <param name="inProhibition">
    /// Spatial constraints test two jurisdictions (computation and result). A permission's holds only when both pass; a
    /// prohibition's when either does — "spatial eq US" forbids a US result even when the computation ran in JP.
    /// </param>
    public ConstraintVerdict Evaluate(PolicyRequest request, bool inProhibition = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        (bool holds, string reason) = Operand switch
        {
            PolicyOperand.Purpose => InSet(request.Purpose, "purpose"),
            PolicyOperand.Spatial => Spatial(request, inProhibition),
            PolicyOperand.DateTime => Window(request.At),
            PolicyOperand.MinGroupSize => (true, $"groups with fewer than {Count} rows are suppressed"),
            _ => (true, $"each analyst may spend ε {Amount.ToString(CultureInfo.InvariantCulture)} in all"),
        };
        return new ConstraintVerdict(PolicyTerms.Name(Operand), PolicyTerms.Name(Operator), RightText, holds, reason);
    }

    private (bool, string) InSet(string value, string what)
    {
        bool listed = Names.Contains(value, StringComparer.Ordinal);
        bool holds = Admits == listed;
        string shown = FederationNames.Shown(value);
        return (holds, listed ? $"{what} '{shown}' is in {RightText}" : $"{what} '{shown}' is not in {RightText}");
    }

    private (bool, string) Spatial(PolicyRequest request, bool either)
    {
        (bool compute, string computeReason) = InSet(request.ComputeJurisdiction, "the computation's jurisdiction");
        (bool result, string resultReason) = InSet(request.ResultJurisdiction, "the result's jurisdiction");
        return either
            ? (compute || result, compute ? computeReason : resultReason)
            : (compute && result, compute ? resultReason : computeReason);
    }

    private (bool, string) Window(DateTimeOffset at)
    {
        int order = at.CompareTo(Instant);
        bool holds = Operator switch
        {
            PolicyOperator.Gt => order > 0,
            PolicyOperator.Gteq => order >= 0,
            PolicyOperator.Lt => order < 0,
            _ => order <= 0,
        };
        string now = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return (holds, $"now ({now}) is {(holds ? "" : "not ")}{PolicyTerms.Name(Operator)} {RightText}");
    }
}

/// <summary>A permission or prohibition: an action and its constraints (all must hold for the rule to apply).</summary>
public sealed record PolicyRule(string Kind, int Index, string Action, ImmutableArray<PolicyConstraint> Constraints)
{
    public string Name => $"{Kind}[{Index}]";

    /// <summary>Whether the rule is about aggregate queries (use or aggregate); prohibitions of export actions restate what Bunsan never allows.</summary>
    public bool CoversAggregation => Action is "use" or "aggregate";

    public RuleVerdict Evaluate(PolicyRequest request)
    {
        ImmutableArray<ConstraintVerdict> verdicts = [.. Constraints.Select(c => c.Evaluate(request, Kind == "prohibition"))];
        return new RuleVerdict(Name, Kind, Action, CoversAggregation && verdicts.All(v => v.Holds), verdicts);
    }
}
