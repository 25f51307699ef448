using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Bunsan.Federation.Policies;

/// <summary>
/// A dataset's usage policy: the Bunsan profile of ODRL 2.2 (see README.md). Parsed and checked when the owner sets it —
/// malformed JSON-LD, unknown terms and contradictions are refused, never ignored — and evaluated at the owner's site
/// for every query: allowed when some permission's constraints all hold and no prohibition's do. Rows are never
/// exportable; <see cref="MinGroupSize"/> and <see cref="EpsilonBudget"/> apply to every query on the dataset.
/// </summary>
public sealed class UsagePolicy
{
    private UsagePolicy(string json, string uid, ImmutableArray<PolicyRule> permissions, ImmutableArray<PolicyRule> prohibitions)
    {
        Json = json;
        Uid = uid;
        Permissions = permissions;
        Prohibitions = prohibitions;
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        IEnumerable<PolicyConstraint> parameters = permissions.SelectMany(p => p.Constraints);
        MinGroupSize = parameters.FirstOrDefault(c => c.Operand == PolicyOperand.MinGroupSize)?.Count ?? 1;
        EpsilonBudget = parameters.FirstOrDefault(c => c.Operand == PolicyOperand.EpsilonBudget)?.Amount;
    }

    /// <summary>The policy's uid (or @id); empty when it has none.</summary>
    public string Uid { get; }

    /// <summary>The text as the owner gave it.</summary>
    public string Json { get; }

    /// <summary>"sha256:" + lowercase hex of <see cref="Json"/>'s UTF-8: what verdicts and the ledger name the policy by.</summary>
    public string Digest { get; }

    public ImmutableArray<PolicyRule> Permissions { get; }

    public ImmutableArray<PolicyRule> Prohibitions { get; }

    /// <summary>Groups with fewer rows than this are suppressed (1: none).</summary>
    public int MinGroupSize { get; }

    /// <summary>The total differential-privacy ε each analyst may spend on the dataset; null: answers are exact.</summary>
    public decimal? EpsilonBudget { get; }

    public static PolicyParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new PolicyReader();
        (string uid, ImmutableArray<PolicyRule> permissions, ImmutableArray<PolicyRule> prohibitions) = reader.Read(json);
        ImmutableArray<string> errors = reader.Errors;
        if (errors.IsEmpty)
        {
            errors = [.. PolicyChecks.Contradictions(permissions, prohibitions)];
        }
        if (errors.IsEmpty && !permissions.Any(p => p.CoversAggregation))
        {
            errors = ["permission: no permission grants aggregate (or use): add one"];
        }
        return errors.IsEmpty
            ? new PolicyParseResult(new UsagePolicy(json, uid, permissions, prohibitions), [])
            : new PolicyParseResult(null, errors);
    }

    /// <summary>The verdict for one request: every rule with every constraint's verdict; never throws.</summary>
    public PolicyEvaluation Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Purposes.Problem(request.Purpose) is { } purposeProblem)
        {
            return new PolicyEvaluation(false, "purpose: " + purposeProblem, [], MinGroupSize, EpsilonBudget);
        }
        ImmutableArray<RuleVerdict> rules = [.. Permissions.Concat(Prohibitions).Select(r => r.Evaluate(request))];
        RuleVerdict? granting = rules.FirstOrDefault(r => r.Kind == "permission" && r.Applies);
        RuleVerdict? forbidding = rules.FirstOrDefault(r => r.Kind == "prohibition" && r.Applies);
        string reason = (granting, forbidding) switch
        {
            (_, { } p) => $"{p.Rule} forbids it: {Because(p)}",
            ({ } g, null) => $"{g.Rule} permits {g.Action} for purpose '{request.Purpose}'",
            _ => "no permission applies: " + string.Join("; ", rules.Where(r => r.Kind == "permission").Select(r => $"{r.Rule}: {Failing(r)}")),
        };
        return new PolicyEvaluation(granting is not null && forbidding is null, reason, rules, MinGroupSize, EpsilonBudget);
    }

    private static string Because(RuleVerdict rule) =>
        rule.Constraints.Where(c => c.Holds && !IsParameter(c)).Select(c => c.Reason).DefaultIfEmpty("it has no constraints").First();

    private static string Failing(RuleVerdict rule) =>
        rule.Constraints.Where(c => !c.Holds).Select(c => c.Reason).DefaultIfEmpty($"action {rule.Action} is not aggregate").First();

    private static bool IsParameter(ConstraintVerdict verdict) => verdict.LeftOperand.StartsWith("bunsan:", StringComparison.Ordinal);
}
