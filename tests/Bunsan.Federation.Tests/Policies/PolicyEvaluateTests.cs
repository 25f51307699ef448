using Bunsan.Federation.Policies;
using static Bunsan.Federation.Tests.Policies.PolicyJson;

namespace Bunsan.Federation.Tests.Policies;

public sealed class PolicyEvaluateTests
{
    private static readonly UsagePolicy Sapporo = ParseOk(Typical);

    [Theory]
    [InlineData("research")]
    [InlineData("public-health")]
    public void AllowedPurpose_Allowed_ReasonNamesPermission(string purpose)
    {
        PolicyEvaluation verdict = Sapporo.Evaluate(Request(purpose));

        Assert.True(verdict.Allowed, verdict.Reason);
        Assert.Equal($"permission[0] permits aggregate for purpose '{purpose}'", verdict.Reason);
        Assert.Equal(5, verdict.MinGroupSize);
        Assert.Equal(2.0m, verdict.EpsilonBudget);
    }

    [Fact]
    public void OtherPurpose_Refused_ReasonNamesFailingConstraint()
    {
        PolicyEvaluation verdict = Sapporo.Evaluate(Request("marketing"));

        Assert.False(verdict.Allowed);
        Assert.StartsWith("no permission applies: permission[0]: ", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("purpose 'marketing' is not in [research, public-health]", verdict.Reason, StringComparison.Ordinal);
        RuleVerdict rule = Assert.Single(verdict.Rules);
        Assert.False(rule.Applies);
        Assert.False(rule.Constraints[0].Holds);
        Assert.All(rule.Constraints.Skip(1), c => Assert.True(c.Holds, c.Reason));
    }

    [Fact]
    public void IsNoneOf_RefusesListedPurpose_AllowsOthers()
    {
        UsagePolicy policy = ParseOk(Permit(C("purpose", "isNoneOf", "[\"marketing\", \"sales\"]")));

        PolicyEvaluation refused = policy.Evaluate(Request("sales"));
        Assert.False(refused.Allowed);
        Assert.Contains("purpose 'sales' is in [marketing, sales]", refused.Reason, StringComparison.Ordinal);
        Assert.True(policy.Evaluate(Request("research")).Allowed);
    }

    [Fact]
    public void Neq_RefusesThatPurposeOnly()
    {
        UsagePolicy policy = ParseOk(Permit(C("purpose", "neq", "\"marketing\"")));

        Assert.False(policy.Evaluate(Request("marketing")).Allowed);
        Assert.True(policy.Evaluate(Request("audit")).Allowed);
    }

    [Fact]
    public void Spatial_ComputeOkButResultElsewhere_Refused()
    {
        PolicyEvaluation verdict = Sapporo.Evaluate(Request(compute: "JP", result: "US"));

        Assert.False(verdict.Allowed);
        Assert.Contains("the result's jurisdiction 'US' is not in JP", verdict.Reason, StringComparison.Ordinal);
        Assert.False(verdict.Rules[0].Constraints[1].Holds);
    }

    [Fact]
    public void Spatial_ComputeElsewhere_Refused_ReasonNamesComputation()
    {
        PolicyEvaluation verdict = Sapporo.Evaluate(Request(compute: "DE", result: "JP"));

        Assert.False(verdict.Allowed);
        Assert.Contains("the computation's jurisdiction 'DE' is not in JP", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Spatial_IsNoneOf_AppliesToBothJurisdictions()
    {
        UsagePolicy policy = ParseOk(Permit(C("spatial", "isNoneOf", "[\"US\"]")));

        Assert.True(policy.Evaluate(Request(compute: "JP", result: "DE")).Allowed);
        Assert.False(policy.Evaluate(Request(compute: "JP", result: "US")).Allowed);
        Assert.False(policy.Evaluate(Request(compute: "US", result: "JP")).Allowed);
    }

    [Theory]
    [InlineData("JP", "JP", true)]
    [InlineData("JP", "US", false)]
    [InlineData("US", "JP", false)]
    public void SpatialProhibition_FiresWhenEitherJurisdictionMatches(string compute, string result, bool allowed)
    {
        // Results must not reach the US even when the computation ran at home: a prohibition's spatial test is "either".
        UsagePolicy policy = ParseOk(Policy([Rule("aggregate")], [Rule("aggregate", C("spatial", "eq", "\"US\""))]));

        PolicyEvaluation verdict = policy.Evaluate(Request(compute: compute, result: result));

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(!allowed, verdict.Reason.StartsWith("prohibition[0] forbids it: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2025-12-31T23:59:59Z", false)]
    [InlineData("2026-01-01T00:00:00Z", true)]
    [InlineData("2026-12-31T23:59:59Z", true)]
    [InlineData("2027-01-01T00:00:00Z", false)]
    [InlineData("2027-01-01T08:59:59+09:00", true)]
    [InlineData("2030-06-01T00:00:00Z", false)]
    public void DateTimeWindow_BoundsInclusiveStartExclusiveEnd(string at, bool allowed)
    {
        PolicyEvaluation verdict = Sapporo.Evaluate(Request(at: DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(allowed, verdict.Allowed);
        if (!allowed)
        {
            Assert.Contains("is not ", verdict.Reason, StringComparison.Ordinal);
            Assert.Contains("2026-01-01T00:00:00", verdict.Rules[0].Constraints[2].RightOperand, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BeforeWindow_ReasonShowsNowAndBound()
    {
        PolicyEvaluation verdict = Sapporo.Evaluate(Request(at: new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.False(verdict.Allowed);
        Assert.Contains("now (2025-07-01T00:00:00Z) is not gteq 2026-01-01T00:00:00", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ProhibitionOnPurpose_OverridesPermission()
    {
        UsagePolicy policy = ParseOk(Policy(
            [Rule("aggregate", C("purpose", "isAnyOf", "[\"research\", \"marketing\"]"))],
            [Rule("aggregate", C("purpose", "eq", "\"marketing\""))]));

        PolicyEvaluation forbidden = policy.Evaluate(Request("marketing"));
        Assert.False(forbidden.Allowed);
        Assert.Equal("prohibition[0] forbids it: purpose 'marketing' is in marketing", forbidden.Reason);
        Assert.True(forbidden.Rules[0].Applies);
        Assert.True(forbidden.Rules[1].Applies);

        PolicyEvaluation allowed = policy.Evaluate(Request("research"));
        Assert.True(allowed.Allowed, allowed.Reason);
        Assert.False(allowed.Rules[1].Applies);
    }

    [Fact]
    public void ExportProhibition_NeverApplies()
    {
        UsagePolicy policy = ParseOk(Policy([Rule("aggregate")], [Rule("distribute")]));

        PolicyEvaluation verdict = policy.Evaluate(Request());
        Assert.True(verdict.Allowed, verdict.Reason);
        Assert.False(verdict.Rules[1].Applies);
        Assert.Equal("distribute", verdict.Rules[1].Action);
    }

    [Fact]
    public void SecondPermission_GrantsWhenFirstFails()
    {
        UsagePolicy policy = ParseOk(Policy([Rule("aggregate", C("purpose", "eq", "\"research\"")), Rule("use", C("purpose", "eq", "\"audit\""))]));

        PolicyEvaluation verdict = policy.Evaluate(Request("audit"));
        Assert.True(verdict.Allowed);
        Assert.Equal("permission[1] permits use for purpose 'audit'", verdict.Reason);

        PolicyEvaluation none = policy.Evaluate(Request("sales"));
        Assert.False(none.Allowed);
        Assert.Contains("permission[0]: purpose 'sales' is not in research", none.Reason, StringComparison.Ordinal);
        Assert.Contains("permission[1]: purpose 'sales' is not in audit", none.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Research")]
    [InlineData("re\u0455earch")]
    [InlineData("research\n")]
    [InlineData(null)]
    public void InvalidRequestPurpose_Refused_ReasonStartsWithPurpose(string? purpose)
    {
        PolicyEvaluation verdict = ParseOk(Permit()).Evaluate(Request(purpose!));

        Assert.False(verdict.Allowed);
        Assert.StartsWith("purpose:", verdict.Reason, StringComparison.Ordinal);
        Assert.Empty(verdict.Rules);
    }

    [Fact]
    public void EveryRuleAndConstraint_AppearsInRules_WithVerdict()
    {
        UsagePolicy policy = ParseOk(Policy(
            [Rule("aggregate", C("purpose", "eq", "\"research\""), C("spatial", "isAnyOf", "[\"JP\", \"DE\"]"), C("bunsan:minGroupSize", "gteq", "5")),
             Rule("use", C("dateTime", "lt", "\"2020-01-01\""), C("bunsan:minGroupSize", "gteq", "5"))],
            [Rule("aggregate", C("purpose", "eq", "\"marketing\"")), Rule("sell")]));

        PolicyEvaluation verdict = policy.Evaluate(Request());

        Assert.Equal(["permission[0]", "permission[1]", "prohibition[0]", "prohibition[1]"], verdict.Rules.Select(r => r.Rule));
        Assert.Equal(["permission", "permission", "prohibition", "prohibition"], verdict.Rules.Select(r => r.Kind));
        Assert.Equal([true, false, false, false], verdict.Rules.Select(r => r.Applies));
        Assert.Equal([3, 2, 1, 0], verdict.Rules.Select(r => r.Constraints.Length));
        ConstraintVerdict spatial = verdict.Rules[0].Constraints[1];
        Assert.Equal(("spatial", "isAnyOf", "[JP, DE]", true), (spatial.LeftOperand, spatial.Operator, spatial.RightOperand, spatial.Holds));
        Assert.Equal(("dateTime", "lt", false), (verdict.Rules[1].Constraints[0].LeftOperand, verdict.Rules[1].Constraints[0].Operator, verdict.Rules[1].Constraints[0].Holds));
        Assert.Equal(("purpose", "eq", "marketing", false), (verdict.Rules[2].Constraints[0].LeftOperand, verdict.Rules[2].Constraints[0].Operator, verdict.Rules[2].Constraints[0].RightOperand, verdict.Rules[2].Constraints[0].Holds));
        Assert.True(verdict.Allowed);
    }

    [Fact]
    public void Parameters_AlwaysHold_AndNeverFailARule()
    {
        UsagePolicy policy = ParseOk(Permit(C("bunsan:minGroupSize", "gteq", "1000000"), C("bunsan:epsilonBudget", "lteq", "0.01")));

        PolicyEvaluation verdict = policy.Evaluate(Request("anything", "ZZ", "QQ", DateTimeOffset.MinValue));

        Assert.True(verdict.Allowed, verdict.Reason);
        Assert.Equal(1_000_000, verdict.MinGroupSize);
        Assert.Equal(0.01m, verdict.EpsilonBudget);
        RuleVerdict rule = Assert.Single(verdict.Rules);
        Assert.True(rule.Applies);
        Assert.All(rule.Constraints, c => Assert.True(c.Holds));
        Assert.Equal(["bunsan:minGroupSize", "bunsan:epsilonBudget"], rule.Constraints.Select(c => c.LeftOperand));
        Assert.Contains("fewer than 1000000 rows", rule.Constraints[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_ReportedEvenWhenRefused()
    {
        PolicyEvaluation verdict = Sapporo.Evaluate(Request("Bad Purpose"));

        Assert.False(verdict.Allowed);
        Assert.Equal(5, verdict.MinGroupSize);
        Assert.Equal(2.0m, verdict.EpsilonBudget);
    }

    [Fact]
    public void PurposeComparison_IsExactText()
    {
        UsagePolicy policy = ParseOk(Permit(C("purpose", "eq", "\"public-health\"")));

        Assert.True(policy.Evaluate(Request("public-health")).Allowed);
        Assert.False(policy.Evaluate(Request("public_health")).Allowed);
        Assert.False(policy.Evaluate(Request("public-health.x")).Allowed);
    }
}
