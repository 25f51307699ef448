using Bunsan.Federation.Policies;

namespace Bunsan.Federation.Tests.Policies;

/// <summary>Shared JSON snippets and helpers for the usage-policy tests.</summary>
internal static class PolicyJson
{
    public const string Context = "http://www.w3.org/ns/odrl.jsonld";

    /// <summary>A typical policy: aggregate for research or public-health, in JP, during 2026, k ≥ 5, ε ≤ 2.0.</summary>
    public const string Typical = """
        {
          "@context": "http://www.w3.org/ns/odrl.jsonld",
          "@type": "Set",
          "uid": "urn:bunsan:policy:sapporo-air",
          "permission": [{
            "action": "aggregate",
            "constraint": [
              { "leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["research", "public-health"] },
              { "leftOperand": "spatial", "operator": "eq", "rightOperand": "JP" },
              { "leftOperand": "dateTime", "operator": "gteq", "rightOperand": "2026-01-01T00:00:00Z" },
              { "leftOperand": "dateTime", "operator": "lt", "rightOperand": "2027-01-01T00:00:00Z" },
              { "leftOperand": "bunsan:minGroupSize", "operator": "gteq", "rightOperand": 5 },
              { "leftOperand": "bunsan:epsilonBudget", "operator": "lteq", "rightOperand": 2.0 }
            ]
          }]
        }
        """;

    /// <summary>An instant inside the typical policy's window.</summary>
    public static readonly DateTimeOffset Inside = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One constraint object.</summary>
    public static string C(string left, string op, string right) =>
        $$"""{ "leftOperand": "{{left}}", "operator": "{{op}}", "rightOperand": {{right}} }""";

    /// <summary>One rule object with the action and constraints given.</summary>
    public static string Rule(string action, params string[] constraints) =>
        $$"""{ "action": "{{action}}", "constraint": [{{string.Join(", ", constraints)}}] }""";

    /// <summary>A whole policy with the rules given (JSON objects), prohibitions optional.</summary>
    public static string Policy(string[] permissions, string[]? prohibitions = null)
    {
        string prohibition = prohibitions is null ? "" : $$""", "prohibition": [{{string.Join(", ", prohibitions)}}]""";
        return $$"""{ "@context": "{{Context}}", "@type": "Set", "uid": "urn:test", "permission": [{{string.Join(", ", permissions)}}]{{prohibition}} }""";
    }

    /// <summary>A policy with one aggregate permission holding the constraints given.</summary>
    public static string Permit(params string[] constraints) => Policy([Rule("aggregate", constraints)]);

    public static UsagePolicy ParseOk(string json)
    {
        PolicyParseResult result = UsagePolicy.Parse(json);
        Assert.True(result.Errors.IsEmpty, "unexpected errors: " + string.Join(" | ", result.Errors));
        Assert.NotNull(result.Policy);
        return result.Policy;
    }

    /// <summary>Parses, asserts refusal, and asserts one error contains every fragment given (the path and the problem).</summary>
    public static PolicyParseResult Refused(string json, params string[] fragments)
    {
        PolicyParseResult result = UsagePolicy.Parse(json);
        Assert.Null(result.Policy);
        Assert.NotEmpty(result.Errors);
        string all = string.Join(" | ", result.Errors);
        Assert.True(
            result.Errors.Any(e => fragments.All(f => e.Contains(f, StringComparison.Ordinal))),
            $"no error contains all of [{string.Join(", ", fragments)}]: {all}");
        return result;
    }

    public static PolicyRequest Request(string purpose = "research", string compute = "JP", string result = "JP", DateTimeOffset? at = null) =>
        new(purpose, "alice", compute, result, at ?? Inside);
}
