using System.Text.RegularExpressions;
using Bunsan.Federation.Policies;
using static Bunsan.Federation.Tests.Policies.PolicyJson;

namespace Bunsan.Federation.Tests.Policies;

public sealed partial class PolicyParseTests
{
    [Fact]
    public void Typical_ParsesWithoutErrors_AndReadsBackParameters()
    {
        UsagePolicy policy = ParseOk(Typical);

        Assert.Equal("urn:bunsan:policy:sapporo-air", policy.Uid);
        Assert.Equal(5, policy.MinGroupSize);
        Assert.Equal(2.0m, policy.EpsilonBudget);
        Assert.Equal(Typical, policy.Json);
        PolicyRule permission = Assert.Single(policy.Permissions);
        Assert.Equal("aggregate", permission.Action);
        Assert.Equal("permission[0]", permission.Name);
        Assert.Equal(6, permission.Constraints.Length);
        Assert.Empty(policy.Prohibitions);
        PolicyConstraint purpose = permission.Constraints[0];
        Assert.Equal(PolicyOperand.Purpose, purpose.Operand);
        Assert.Equal(PolicyOperator.IsAnyOf, purpose.Operator);
        Assert.Equal(["research", "public-health"], purpose.Names);
        Assert.Equal("permission[0].constraint[0]", purpose.Path);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), permission.Constraints[2].Instant);
    }

    [Fact]
    public void NoParameters_DefaultsToGroupSizeOneAndExactAnswers()
    {
        UsagePolicy policy = ParseOk(Permit(C("purpose", "eq", "\"research\"")));

        Assert.Equal(1, policy.MinGroupSize);
        Assert.Null(policy.EpsilonBudget);
    }

    [Fact]
    public void UseAction_AndSingleObjectPermission_AndNoConstraints_Accepted()
    {
        UsagePolicy policy = ParseOk($$"""{ "@context": "{{Context}}", "@type": "Set", "permission": { "action": "use" } }""");

        Assert.Equal("use", Assert.Single(policy.Permissions).Action);
        Assert.Empty(policy.Permissions[0].Constraints);
        Assert.Equal("", policy.Uid);
    }

    [Theory]
    [InlineData("odrl:purpose", "odrl:isAnyOf")]
    [InlineData("http://www.w3.org/ns/odrl/2/purpose", "http://www.w3.org/ns/odrl/2/isAnyOf")]
    [InlineData("purpose", "isAnyOf")]
    public void PrefixedPurposeAndOperator_Accepted(string left, string op)
    {
        UsagePolicy policy = ParseOk(Permit(C(left, op, """["research"]""")));

        PolicyConstraint constraint = Assert.Single(policy.Permissions[0].Constraints);
        Assert.Equal(PolicyOperand.Purpose, constraint.Operand);
        Assert.Equal(PolicyOperator.IsAnyOf, constraint.Operator);
    }

    [Theory]
    [InlineData("bunsan:minGroupSize", "bunsan:epsilonBudget")]
    [InlineData("https://bunsan.dev/ns/odrl#minGroupSize", "https://bunsan.dev/ns/odrl#epsilonBudget")]
    public void BunsanParameters_PrefixOrIri_Accepted(string minGroup, string epsilon)
    {
        UsagePolicy policy = ParseOk(Permit(C(minGroup, "odrl:gteq", "11"), C(epsilon, "lteq", "\"0.5\"")));

        Assert.Equal(11, policy.MinGroupSize);
        Assert.Equal(0.5m, policy.EpsilonBudget);
    }

    [Fact]
    public void IdObjects_ValueObjects_AndPrefixedTypeAndAction_Accepted()
    {
        string json = $$"""
            {
              "@context": ["{{Context}}", { "bunsan": "https://bunsan.dev/ns/odrl#" }],
              "@type": "odrl:Agreement",
              "@id": "urn:bunsan:policy:x",
              "permission": [{
                "action": { "@id": "odrl:aggregate" },
                "constraint": [
                  { "leftOperand": { "@id": "odrl:spatial" }, "operator": { "@id": "odrl:isAnyOf" }, "rightOperand": [{ "@value": "JP" }, "DE"] },
                  { "leftOperand": "bunsan:minGroupSize", "operator": "gteq", "rightOperand": { "@value": 3 } },
                  { "leftOperand": "dateTime", "operator": "lteq", "rightOperand": { "@value": "2027-12-31", "@type": "xsd:date" } }
                ]
              }]
            }
            """;

        UsagePolicy policy = ParseOk(json);

        Assert.Equal("urn:bunsan:policy:x", policy.Uid);
        Assert.Equal(3, policy.MinGroupSize);
        Assert.Equal(["JP", "DE"], policy.Permissions[0].Constraints[0].Names);
        Assert.Equal(new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero), policy.Permissions[0].Constraints[2].Instant);
    }

    [Theory]
    [InlineData("\"2026-03-01T09:00:00+09:00\"", 2026, 3, 1, 0)]
    [InlineData("\"2026-03-01T00:00:00.5Z\"", 2026, 3, 1, 500)]
    [InlineData("\"2026-03-01\"", 2026, 3, 1, 0)]
    public void DateTimeForms_ReadAsUtcInstants(string right, int year, int month, int day, int ms)
    {
        UsagePolicy policy = ParseOk(Permit(C("dateTime", "gt", right)));

        var expected = new DateTimeOffset(year, month, day, 0, 0, 0, ms, TimeSpan.Zero);
        Assert.Equal(expected.UtcDateTime, policy.Permissions[0].Constraints[0].Instant.UtcDateTime);
    }

    [Fact]
    public void DuplicateNamesInList_AreCollapsed()
    {
        UsagePolicy policy = ParseOk(Permit(C("purpose", "isAnyOf", """["research", "research", "audit"]""")));

        Assert.Equal(["research", "audit"], policy.Permissions[0].Constraints[0].Names);
    }

    [Fact]
    public void Prohibition_OfExportAction_IsAcceptedAsRestatement()
    {
        UsagePolicy policy = ParseOk(Policy([Rule("aggregate")], [Rule("distribute")]));

        PolicyRule prohibition = Assert.Single(policy.Prohibitions);
        Assert.Equal("distribute", prohibition.Action);
        Assert.False(prohibition.CoversAggregation);
    }

    [Fact]
    public void SameParametersInEveryPermission_Accepted()
    {
        string gate = C("bunsan:minGroupSize", "gteq", "5");
        UsagePolicy policy = ParseOk(Policy([Rule("aggregate", C("purpose", "eq", "\"research\""), gate), Rule("use", C("purpose", "eq", "\"audit\""), gate)]));

        Assert.Equal(5, policy.MinGroupSize);
        Assert.Equal(2, policy.Permissions.Length);
    }

    [Fact]
    public void PartlyOverlappingProhibition_IsNotAContradiction()
    {
        string json = Policy(
            [Rule("aggregate", C("purpose", "isAnyOf", """["research", "marketing"]"""))],
            [Rule("aggregate", C("purpose", "eq", "\"marketing\""))]);

        Assert.Single(ParseOk(json).Prohibitions);
    }

    [Fact]
    public void TouchingInclusiveWindow_IsNotEmpty()
    {
        string at = "\"2026-05-01T00:00:00Z\"";
        ParseOk(Permit(C("dateTime", "gteq", at), C("dateTime", "lteq", at)));
    }

    [Fact]
    public void Digest_IsSha256HexOfText_AndDiffersForDifferentText()
    {
        UsagePolicy a = ParseOk(Typical);
        UsagePolicy b = ParseOk(Typical + " ");
        UsagePolicy again = ParseOk(Typical);

        Assert.Matches(DigestPattern(), a.Digest);
        Assert.Matches(DigestPattern(), b.Digest);
        Assert.NotEqual(a.Digest, b.Digest);
        Assert.Equal(a.Digest, again.Digest);
        string expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Typical)));
        Assert.Equal(expected, a.Digest);
    }

    [Fact]
    public void Text_AtExactlyTheSizeLimit_Accepted()
    {
        string json = Typical.PadRight(64 * 1024);

        Assert.Equal(64 * 1024, System.Text.Encoding.UTF8.GetByteCount(json));
        ParseOk(json);
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();
}
