namespace Bunsan.Federation.Policies;

/// <summary>The left operands of the Bunsan ODRL profile.</summary>
public enum PolicyOperand
{
    /// <summary>odrl:purpose — why the query is asked.</summary>
    Purpose,

    /// <summary>odrl:spatial — the jurisdictions where the computation runs and where the result goes (both must pass).</summary>
    Spatial,

    /// <summary>odrl:dateTime — when the query runs.</summary>
    DateTime,

    /// <summary>bunsan:minGroupSize — a parameter: groups with fewer rows are suppressed.</summary>
    MinGroupSize,

    /// <summary>bunsan:epsilonBudget — a parameter: the total differential-privacy ε each analyst may spend.</summary>
    EpsilonBudget,
}

/// <summary>The operators of the profile (ODRL 2.2 names).</summary>
public enum PolicyOperator
{
    Eq,
    Neq,
    IsAnyOf,
    IsNoneOf,
    Gt,
    Gteq,
    Lt,
    Lteq,
}

/// <summary>The names the profile reads and writes, and what may go with what.</summary>
internal static class PolicyTerms
{
    public const string OdrlContext = "http://www.w3.org/ns/odrl.jsonld";
    public const string OdrlNamespace = "http://www.w3.org/ns/odrl/2/";
    public const string BunsanNamespace = "https://bunsan.dev/ns/odrl#";

    /// <summary>Actions that hand rows over. Bunsan never permits them: data stays home, only aggregates leave.</summary>
    public static readonly string[] ExportActions =
        ["distribute", "reproduce", "transfer", "read", "derive", "display", "print", "play", "stream", "archive", "sell", "give", "lend", "move", "copy", "present", "transform", "modify", "write"];

    public static string Name(PolicyOperand operand) => operand switch
    {
        PolicyOperand.Purpose => "purpose",
        PolicyOperand.Spatial => "spatial",
        PolicyOperand.DateTime => "dateTime",
        PolicyOperand.MinGroupSize => "bunsan:minGroupSize",
        _ => "bunsan:epsilonBudget",
    };

    public static string Name(PolicyOperator op)
    {
        string text = op.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    /// <summary>The operand named (bare, odrl:, full ODRL IRI; bunsan: or the Bunsan IRI), or null.</summary>
    public static PolicyOperand? Operand(string name) => Strip(name) switch
    {
        "purpose" => PolicyOperand.Purpose,
        "spatial" => PolicyOperand.Spatial,
        "dateTime" => PolicyOperand.DateTime,
        "bunsan:minGroupSize" => PolicyOperand.MinGroupSize,
        "bunsan:epsilonBudget" => PolicyOperand.EpsilonBudget,
        _ => null,
    };

    public static PolicyOperator? Operator(string name) => Strip(name) switch
    {
        "eq" => PolicyOperator.Eq,
        "neq" => PolicyOperator.Neq,
        "isAnyOf" => PolicyOperator.IsAnyOf,
        "isNoneOf" => PolicyOperator.IsNoneOf,
        "gt" => PolicyOperator.Gt,
        "gteq" => PolicyOperator.Gteq,
        "lt" => PolicyOperator.Lt,
        "lteq" => PolicyOperator.Lteq,
        _ => null,
    };

    /// <summary>The operators each operand takes.</summary>
    public static PolicyOperator[] OperatorsOf(PolicyOperand operand) => operand switch
    {
        PolicyOperand.Purpose or PolicyOperand.Spatial => [PolicyOperator.Eq, PolicyOperator.Neq, PolicyOperator.IsAnyOf, PolicyOperator.IsNoneOf],
        PolicyOperand.DateTime => [PolicyOperator.Gt, PolicyOperator.Gteq, PolicyOperator.Lt, PolicyOperator.Lteq],
        PolicyOperand.MinGroupSize => [PolicyOperator.Gteq],
        _ => [PolicyOperator.Lteq],
    };

    /// <summary>A term without its odrl: or ODRL-IRI prefix; the Bunsan IRI becomes bunsan:.</summary>
    public static string Strip(string name)
    {
        if (name.StartsWith(BunsanNamespace, StringComparison.Ordinal))
        {
            return "bunsan:" + name[BunsanNamespace.Length..];
        }
        if (name.StartsWith(OdrlNamespace, StringComparison.Ordinal))
        {
            return name[OdrlNamespace.Length..];
        }
        return name.StartsWith("odrl:", StringComparison.Ordinal) ? name["odrl:".Length..] : name;
    }
}
