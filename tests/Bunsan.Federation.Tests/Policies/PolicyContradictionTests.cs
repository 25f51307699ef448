using Bunsan.Federation.Policies;
using static Bunsan.Federation.Tests.Policies.PolicyJson;

namespace Bunsan.Federation.Tests.Policies;

public sealed class PolicyContradictionTests
{
    [Fact]
    public void PurposeEqAndIsNoneOfSame_Unsatisfiable() =>
        Refused(Permit(C("purpose", "eq", "\"research\""), C("purpose", "isNoneOf", "[\"research\"]")),
            "permission[0]: no purpose can satisfy all of its purpose constraints");

    [Fact]
    public void DisjointPurposeLists_Unsatisfiable() =>
        Refused(Permit(C("purpose", "isAnyOf", "[\"research\", \"audit\"]"), C("purpose", "isAnyOf", "[\"marketing\"]")),
            "permission[0]: no purpose can satisfy");

    [Fact]
    public void SpatialEqAndNeqSame_Unsatisfiable() =>
        Refused(Permit(C("spatial", "eq", "\"JP\""), C("spatial", "neq", "\"JP\"")), "permission[0]: no spatial can satisfy");

    [Fact]
    public void ContradictionInProhibition_AlsoReported() =>
        Refused(Policy([Rule("aggregate")], [Rule("aggregate", C("purpose", "eq", "\"a\""), C("purpose", "eq", "\"b\""))]),
            "prohibition[0]: no purpose can satisfy");

    [Theory]
    [InlineData("gteq", "2027-01-01T00:00:00Z", "lt", "2026-01-01T00:00:00Z")]
    [InlineData("gteq", "2026-01-01T00:00:00Z", "lt", "2026-01-01T00:00:00Z")]
    [InlineData("gt", "2026-01-01T00:00:00Z", "lteq", "2026-01-01T00:00:00Z")]
    [InlineData("gt", "2026-01-01T09:00:00+09:00", "lteq", "2026-01-01T00:00:00Z")]
    [InlineData("gteq", "2026-06-01", "lteq", "2026-05-31T23:59:59Z")]
    public void EmptyDateTimeWindow_Refused(string startOp, string start, string endOp, string end) =>
        Refused(Permit(C("dateTime", startOp, $"\"{start}\""), C("dateTime", endOp, $"\"{end}\"")),
            "permission[0]: its dateTime constraints leave an empty window");

    [Fact]
    public void EmptyWindow_FromTheStricterOfSeveralBounds_Refused() =>
        Refused(Permit(
                C("dateTime", "gteq", "\"2026-01-01\""),
                C("dateTime", "gteq", "\"2026-09-01\""),
                C("dateTime", "lt", "\"2026-12-31\""),
                C("dateTime", "lt", "\"2026-08-01\"")),
            "permission[0]: its dateTime constraints leave an empty window");

    [Fact]
    public void ProhibitionWithoutConstraints_CoversEveryPermission() =>
        Refused(Policy([Rule("aggregate", C("purpose", "eq", "\"research\""))], [Rule("use")]),
            "permission[0] can never apply: prohibition[0] forbids every request it permits");

    [Fact]
    public void ProhibitionOnSamePurposes_CoversPermission() =>
        Refused(Policy(
                [Rule("aggregate", C("purpose", "isAnyOf", "[\"research\"]"), C("spatial", "eq", "\"JP\"")), Rule("aggregate", C("purpose", "eq", "\"audit\""))],
                [Rule("aggregate", C("purpose", "isAnyOf", "[\"research\", \"marketing\"]"))]),
            "permission[0] can never apply: prohibition[0]");

    [Fact]
    public void ProhibitionExcludingNothingThePermissionAllows_Covers() =>
        Refused(Policy(
                [Rule("aggregate", C("purpose", "isNoneOf", "[\"marketing\", \"sales\"]"))],
                [Rule("aggregate", C("purpose", "neq", "\"marketing\""))]),
            "permission[0] can never apply");

    [Fact]
    public void ProhibitionWindowContainingPermissionWindow_Covers() =>
        Refused(Policy(
                [Rule("aggregate", C("dateTime", "gteq", "\"2026-03-01\""), C("dateTime", "lt", "\"2026-04-01\""))],
                [Rule("aggregate", C("dateTime", "gteq", "\"2026-01-01\""), C("dateTime", "lteq", "\"2026-12-31\""))]),
            "permission[0] can never apply");

    [Fact]
    public void ProhibitionWindowNarrowerThanPermission_NotACover() =>
        ParseOk(Policy(
            [Rule("aggregate", C("dateTime", "gteq", "\"2026-01-01\""), C("dateTime", "lt", "\"2027-01-01\""))],
            [Rule("aggregate", C("dateTime", "gteq", "\"2026-03-01\""), C("dateTime", "lt", "\"2026-04-01\""))]));

    [Fact]
    public void ProhibitionWithPurposeThePermissionLacks_NotACover() =>
        ParseOk(Policy(
            [Rule("aggregate", C("purpose", "isNoneOf", "[\"marketing\"]"))],
            [Rule("aggregate", C("purpose", "eq", "\"sales\""))]));

    [Fact]
    public void ProhibitionOfExportAction_NeverCoversAPermission() =>
        ParseOk(Policy([Rule("aggregate")], [Rule("read")]));

    [Fact]
    public void MinGroupSizeDiffersBetweenPermissions_Refused() =>
        Refused(Policy([
                Rule("aggregate", C("purpose", "eq", "\"research\""), C("bunsan:minGroupSize", "gteq", "5")),
                Rule("aggregate", C("purpose", "eq", "\"audit\""), C("bunsan:minGroupSize", "gteq", "10"))]),
            "bunsan:minGroupSize differs between permissions (5 vs 10)");

    [Fact]
    public void EpsilonBudgetDiffersBetweenPermissions_Refused() =>
        Refused(Policy([
                Rule("aggregate", C("bunsan:epsilonBudget", "lteq", "1.0")),
                Rule("aggregate", C("bunsan:epsilonBudget", "lteq", "2"))]),
            "bunsan:epsilonBudget differs between permissions");

    [Fact]
    public void ParameterGivenTwiceInOneRule_Refused() =>
        Refused(Permit(C("bunsan:minGroupSize", "gteq", "5"), C("bunsan:minGroupSize", "gteq", "7")),
            "permission[0]: bunsan:minGroupSize is given 2 times");

    [Fact]
    public void ParameterInProhibition_Refused() =>
        Refused(Policy([Rule("aggregate")], [Rule("aggregate", C("purpose", "eq", "\"marketing\""), C("bunsan:epsilonBudget", "lteq", "1"))]),
            "prohibition[0]: bunsan:minGroupSize and bunsan:epsilonBudget are parameters of a permission");

    [Fact]
    public void SeveralContradictions_AllReported()
    {
        PolicyParseResult result = Refused(Policy([
                Rule("aggregate", C("purpose", "eq", "\"a\""), C("purpose", "neq", "\"a\""), C("dateTime", "gt", "\"2027-01-01\""), C("dateTime", "lt", "\"2026-01-01\"")),
                Rule("aggregate", C("spatial", "eq", "\"JP\""), C("spatial", "isNoneOf", "[\"JP\"]"))]),
            "permission[0]: no purpose can satisfy");

        Assert.Contains(result.Errors, e => e.StartsWith("permission[0]: its dateTime constraints leave an empty window", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("permission[1]: no spatial can satisfy", StringComparison.Ordinal));
    }
}
