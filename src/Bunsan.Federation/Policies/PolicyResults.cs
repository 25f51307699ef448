using System.Collections.Immutable;

namespace Bunsan.Federation.Policies;

/// <summary>
/// What a query asks of a dataset's policy: why (purpose), who (analyst), where it is computed (the owner's site's
/// jurisdiction) and where the result goes (the coordinator's), and when.
/// </summary>
public sealed record PolicyRequest(string Purpose, string Analyst, string ComputeJurisdiction, string ResultJurisdiction, DateTimeOffset At);

/// <summary>One constraint's verdict: whether it holds for the request, and why in one line.</summary>
public sealed record ConstraintVerdict(string LeftOperand, string Operator, string RightOperand, bool Holds, string Reason);

/// <summary>One rule's verdict: it applies when all its constraints hold (parameters always hold).</summary>
public sealed record RuleVerdict(string Rule, string Kind, string Action, bool Applies, ImmutableArray<ConstraintVerdict> Constraints);

/// <summary>The whole policy's verdict for a request, and the parameters queries on the dataset run under.</summary>
public sealed record PolicyEvaluation(bool Allowed, string Reason, ImmutableArray<RuleVerdict> Rules, int MinGroupSize, decimal? EpsilonBudget);

/// <summary>A parsed policy, or every problem found (each naming the JSON path and the fix); nothing is silently ignored.</summary>
public sealed record PolicyParseResult(UsagePolicy? Policy, ImmutableArray<string> Errors);
