using Bunsan.Federation.Policies;
using static Bunsan.Federation.Tests.Policies.PolicyJson;

namespace Bunsan.Federation.Tests.Policies;

public sealed class PolicyHostileTests
{
    private static string Head(string members) => $$"""{ "@context": "{{Context}}", "@type": "Set", {{members}} }""";

    public static TheoryData<string> Hostile()
    {
        var data = new TheoryData<string>
        {
            new string('[', 10_000) + new string(']', 10_000),
            new string('[', 17) + new string(']', 17),
            "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5001),
            Permit(C("purpose", "isAnyOf", new string('[', 20) + "\"research\"" + new string(']', 20))),
            Permit(C("purpose", "isAnyOf", "[" + string.Join(",", Enumerable.Repeat("\"research\"", 5000)) + "]")),
            Permit(C("purpose", "isAnyOf", "[" + string.Join(",", Enumerable.Repeat("[]", 300)) + "]")),
            Policy([.. Enumerable.Repeat("{}", 1000)]),
            Permit([.. Enumerable.Repeat("{}", 100)]),
            "[" + string.Join(",", Enumerable.Repeat("1", 20_000)) + "]",
            "\uFEFF{}",
            "{\"@context\": \"" + new string('x', 70_000) + "\"}",
            Head("\"permission\": null"),
            Head("\"permission\": [null]"),
            Head("\"permission\": [{\"action\": null}]"),
            Head("\"permission\": [{\"action\": \"use\", \"constraint\": null}]"),
            Head("\"permission\": [{\"action\": \"use\", \"constraint\": [null]}]"),
            Head("\"permission\": [{\"action\": {\"@id\": null}}]"),
            Head("\"permission\": [{\"action\": {}}]"),
            Head("\"permission\": 42"),
            Head("\"permission\": \"aggregate\""),
            Head("\"permission\": true"),
            Head("\"permission\": [[{\"action\": \"use\"}]]"),
            Head("\"uid\": null, \"permission\": {\"action\": \"use\"}"),
            Head("\"uid\": {\"@id\": \"x\"}, \"permission\": {\"action\": \"use\"}"),
            Head("\"prohibition\": {\"action\": \"use\"}, \"permission\": []"),
            "{\"@context\": null, \"@type\": null, \"permission\": {\"action\": \"use\"}}",
            "{\"@context\": 5, \"@type\": 5, \"permission\": {\"action\": \"use\"}}",
            "{\"@context\": [null, 1, {}], \"@type\": {}, \"permission\": {\"action\": \"use\"}}",
            Permit(C("purpose", "eq", "null")),
            Permit(C("purpose", "eq", "5")),
            Permit(C("purpose", "eq", "{}")),
            Permit(C("purpose", "eq", "{\"@value\": null}")),
            Permit(C("purpose", "eq", "{\"@value\": {\"@value\": \"research\"}}")),
            Permit(C("purpose", "isAnyOf", "{\"research\": true}")),
            Permit(C("spatial", "isAnyOf", "[null, {}, []]")),
            Permit(C("dateTime", "lt", "null")),
            Permit(C("dateTime", "lt", "{}")),
            Permit(C("dateTime", "lt", "\"9999-12-31T23:59:59+14:01\"")),
            Permit(C("dateTime", "lt", "\"0000-01-01\"")),
            Permit(C("bunsan:minGroupSize", "gteq", "null")),
            Permit(C("bunsan:minGroupSize", "gteq", "[5]")),
            Permit(C("bunsan:minGroupSize", "gteq", "99999999999999999999999999999999")),
            Permit(C("bunsan:minGroupSize", "gteq", "{\"@value\": \"5\"}")),
            Permit(C("bunsan:epsilonBudget", "lteq", "null")),
            Permit(C("bunsan:epsilonBudget", "lteq", "[1]")),
            Permit(C("bunsan:epsilonBudget", "lteq", "1" + new string('0', 400))),
            Permit(C("bunsan:epsilonBudget", "lteq", "0." + new string('0', 400) + "1")),
            Permit(C("bunsan:epsilonBudget", "lteq", "\"\"")),
            Permit(C("bunsan:epsilonBudget", "lteq", "\"  1\"")),
            Permit("{\"leftOperand\": null, \"operator\": null, \"rightOperand\": null}"),
            Permit("{\"leftOperand\": [\"purpose\"], \"operator\": {}, \"rightOperand\": []}"),
            Permit("{\"leftOperand\": {\"@id\": 5}, \"operator\": \"eq\", \"rightOperand\": \"x\"}"),
            Permit(C("\\u0000", "eq", "\"x\"")),
            Permit(C("purpose", "eq", "\"\\u0000\"")),
            Permit(C("purpose", "eq", "\"\\ud800\"")),
            Head("\"uid\": \"\\udc00\", \"permission\": {\"action\": \"use\"}"),
            Head("\"\\ud800\": 1, \"permission\": {\"action\": \"use\"}"),
            Head("\"permission\": {\"action\": \"\\ud800\"}"),
            "{\"@context\": \"http://www.w3.org/ns/odrl.jsonld\", \"@type\": \"Set\", \"permission\": {\"action\": \"use\"}, \"@type\": \"Set\", \"x\": 1}",
            "\ud800",
            "{\"uid\": \"\ud800\"}",
            "/* comment */ {}",
            "{'@type': 'Set'}",
            "NaN",
            "\0",
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileInput_NeverThrows_AlwaysReturnsErrors(string json)
    {
        PolicyParseResult result = UsagePolicy.Parse(json);

        Assert.Null(result.Policy);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e)));
    }

    [Fact]
    public void DeepNesting_ReportsNotJson()
    {
        PolicyParseResult result = UsagePolicy.Parse(new string('[', 10_000) + new string(']', 10_000));

        Assert.StartsWith("the policy is not JSON", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"uid\": \"\\udc00\", \"permission\": {\"action\": \"use\"}")]
    [InlineData("\"permission\": {\"action\": \"use\", \"constraint\": {\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"a\\ud800\"}}")]
    public void EscapedLoneSurrogate_ReportedAsInvalidText(string members) =>
        Refused(Head(members), "the policy has a string that is not valid UTF-16");

    [Fact]
    public void EscapedSurrogatePair_IsValidJson_ButNotAPurpose() =>
        Refused(Permit(C("purpose", "eq", "\"\\ud83d\\ude00\"")), "permission[0].constraint[0]: rightOperand", "is not a purpose name");

    [Theory]
    [InlineData("\"prohibition\": {\"action\": \"use\", \"constraint\": {\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"marketing\"}}, \"prohibition\": []")]
    [InlineData("\"permission\": {\"action\": \"use\", \"constraint\": {\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"research\", \"rightOperand\": \"marketing\"}}")]
    public void DuplicateMembers_AreRefused_NotSilentlyDropped(string members)
    {
        string json = Head(members.StartsWith("\"prohibition", StringComparison.Ordinal) ? "\"permission\": {\"action\": \"use\"}, " + members : members);

        Refused(json, "not JSON");
    }

    [Fact]
    public void NullText_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => UsagePolicy.Parse(null!));

    [Fact]
    public void ControlCharactersInNames_AreNotEchoedRaw()
    {
        PolicyParseResult result = Refused(Head("\"bad\\u0007member\": 1, \"permission\": {\"action\": \"use\"}"), "bad?member: not a member");

        Assert.All(result.Errors, e => Assert.DoesNotContain('\u0007', e));
    }

    [Fact]
    public void HugeUnknownMemberName_IsTruncatedInMessage()
    {
        PolicyParseResult result = Refused(Head($"\"{new string('m', 5000)}\": 1, \"permission\": {{\"action\": \"use\"}}"), "not a member of a Bunsan usage policy");

        Assert.All(result.Errors, e => Assert.True(e.Length < 400, $"error is {e.Length} chars"));
    }

    [Fact]
    public void ManyUnknownMembers_AllReported()
    {
        string members = string.Join(", ", Enumerable.Range(0, 10).Select(i => $"\"x{i}\": {i}"));
        PolicyParseResult result = Refused(Head(members + ", \"permission\": {\"action\": \"use\"}"), "x9: not a member");

        Assert.Equal(10, result.Errors.Count(e => e.Contains("not a member of a Bunsan usage policy", StringComparison.Ordinal)));
    }
}
