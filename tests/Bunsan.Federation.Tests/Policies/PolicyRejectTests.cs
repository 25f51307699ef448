using Bunsan.Federation.Policies;
using static Bunsan.Federation.Tests.Policies.PolicyJson;

namespace Bunsan.Federation.Tests.Policies;

public sealed class PolicyRejectTests
{
    [Theory]
    [InlineData("{", "not JSON")]
    [InlineData("", "not JSON")]
    [InlineData("{\"@type\": \"Set\",}", "not JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("\"Set\"", "not a JSON object")]
    [InlineData("42", "not a JSON object")]
    [InlineData("null", "not a JSON object")]
    public void NotAJsonObject_Refused(string json, string fragment) => Refused(json, fragment);

    [Fact]
    public void MissingContextTypeAndPermission_AllReported()
    {
        PolicyParseResult result = Refused("{}", "@context is missing");

        Assert.Contains(result.Errors, e => e.StartsWith("@type is missing", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("permission: a policy needs at least one permission", StringComparison.Ordinal));
        Assert.Equal(3, result.Errors.Length);
    }

    [Theory]
    [InlineData("\"http://example.org/other.jsonld\"")]
    [InlineData("[\"http://example.org/other.jsonld\"]")]
    [InlineData("{ \"odrl\": \"http://www.w3.org/ns/odrl/2/\" }")]
    public void ContextWithoutOdrl_Refused(string context) =>
        Refused($$"""{ "@context": {{context}}, "@type": "Set", "permission": { "action": "use" } }""", "@context does not include the ODRL context");

    [Theory]
    [InlineData("\"Rule\"", "@type is 'Rule'")]
    [InlineData("[\"Set\"]", "@type is missing")]
    public void BadType_Refused(string type, string fragment) =>
        Refused($$"""{ "@context": "{{Context}}", "@type": {{type}}, "permission": { "action": "use" } }""", fragment);

    [Theory]
    [InlineData("\"inheritFrom\": \"urn:x\"", "inheritFrom: not a member of a Bunsan usage policy")]
    [InlineData("\"obligation\": []", "obligation: duties are not part of the Bunsan profile")]
    [InlineData("\"uid\": 7", "uid: use a string IRI")]
    [InlineData("\"uid\": \"\"", "uid: use a string IRI")]
    [InlineData("\"uid\": \"a\\u0000b\"", "uid: use a string IRI")]
    public void BadTopLevelMembers_Refused(string member, string fragment) =>
        Refused($$"""{ "@context": "{{Context}}", "@type": "Set", {{member}}, "permission": { "action": "use" } }""", fragment);

    [Fact]
    public void UidOver256Characters_Refused() =>
        Refused($$"""{ "@context": "{{Context}}", "@type": "Set", "uid": "{{new string('u', 257)}}", "permission": { "action": "use" } }""", "uid: use a string IRI of at most 256");

    [Theory]
    [InlineData("distribute")]
    [InlineData("read")]
    [InlineData("transfer")]
    [InlineData("odrl:reproduce")]
    [InlineData("http://www.w3.org/ns/odrl/2/derive")]
    public void ExportActionInPermission_Refused(string action) =>
        Refused(Policy([Rule(action)]), "permission[0].action '", "would hand rows over");

    [Fact]
    public void ExportActionNextToAggregate_RefusedByIndex() =>
        Refused(Policy([Rule("aggregate"), Rule("copy")]), "permission[1].action 'copy' would hand rows over");

    [Theory]
    [InlineData("\"launch\"", "permission[0].action 'launch' is not an action of the profile")]
    [InlineData("42", "permission[0].action is not a string")]
    [InlineData("[\"use\"]", "permission[0].action is not a string")]
    public void UnknownAction_Refused(string action, string fragment) =>
        Refused($$"""{ "@context": "{{Context}}", "@type": "Set", "permission": [{ "action": {{action}} }] }""", fragment);

    [Fact]
    public void MissingAction_Refused() =>
        Refused($$"""{ "@context": "{{Context}}", "@type": "Set", "permission": [{ "constraint": [] }] }""", "permission[0].action is missing");

    [Theory]
    [InlineData("\"duty\": []", "permission[0].duty: duties are not part")]
    [InlineData("\"refinement\": []", "permission[0].refinement: not a member of a rule")]
    public void BadRuleMembers_Refused(string member, string fragment) =>
        Refused($$"""{ "@context": "{{Context}}", "@type": "Set", "permission": [{ "action": "use", {{member}} }] }""", fragment);

    [Fact]
    public void EmptyPermissionList_NoPermissionGrantsAggregate() =>
        Refused(Policy([]), "permission: no permission grants aggregate");

    [Fact]
    public void OnlyProhibitions_NeedsAPermission() =>
        Refused($$"""{ "@context": "{{Context}}", "@type": "Set", "prohibition": [{ "action": "use" }] }""", "permission: a policy needs at least one permission");

    [Theory]
    [InlineData("temperature", "eq", "\"20\"", "leftOperand 'temperature' is not an operand of the profile")]
    [InlineData("minGroupSize", "gteq", "5", "leftOperand 'minGroupSize' is not an operand")]
    [InlineData("odrl:count", "lteq", "5", "leftOperand 'odrl:count' is not an operand")]
    [InlineData("purpose", "approx", "\"research\"", "operator 'approx' does not go with purpose")]
    [InlineData("purpose", "gt", "\"research\"", "operator 'gt' does not go with purpose: use eq, neq, isAnyOf, isNoneOf")]
    [InlineData("spatial", "lt", "\"JP\"", "operator 'lt' does not go with spatial")]
    [InlineData("dateTime", "eq", "\"2026-01-01\"", "operator 'eq' does not go with dateTime: use gt, gteq, lt, lteq")]
    [InlineData("bunsan:minGroupSize", "lteq", "5", "operator 'lteq' does not go with bunsan:minGroupSize: use gteq")]
    [InlineData("bunsan:epsilonBudget", "gteq", "1", "operator 'gteq' does not go with bunsan:epsilonBudget: use lteq")]
    [InlineData("purpose", "eq", "[\"research\", \"audit\"]", "rightOperand: eq takes one value")]
    [InlineData("purpose", "isAnyOf", "[]", "rightOperand: give 1 to 256 values")]
    public void BadOperandOrOperator_RefusedWithConstraintPath(string left, string op, string right, string fragment) =>
        Refused(Permit(C("purpose", "eq", "\"research\""), C(left, op, right)), "permission[0].constraint[1]: ", fragment);

    [Theory]
    [InlineData("bunsan:minGroupSize", "gteq", "0")]
    [InlineData("bunsan:minGroupSize", "gteq", "-3")]
    [InlineData("bunsan:minGroupSize", "gteq", "2.5")]
    [InlineData("bunsan:minGroupSize", "gteq", "5.0")]
    [InlineData("bunsan:minGroupSize", "gteq", "\"5\"")]
    [InlineData("bunsan:minGroupSize", "gteq", "1000001")]
    [InlineData("bunsan:minGroupSize", "gteq", "1e3")]
    [InlineData("bunsan:epsilonBudget", "lteq", "0")]
    [InlineData("bunsan:epsilonBudget", "lteq", "-1.5")]
    [InlineData("bunsan:epsilonBudget", "lteq", "\"NaN\"")]
    [InlineData("bunsan:epsilonBudget", "lteq", "\"Infinity\"")]
    [InlineData("bunsan:epsilonBudget", "lteq", "\"-1\"")]
    [InlineData("bunsan:epsilonBudget", "lteq", "\"1,5\"")]
    [InlineData("bunsan:epsilonBudget", "lteq", "1e1")]
    [InlineData("bunsan:epsilonBudget", "lteq", "100.01")]
    [InlineData("bunsan:epsilonBudget", "lteq", "true")]
    [InlineData("dateTime", "lt", "\"2026-13-01\"")]
    [InlineData("dateTime", "lt", "\"2026-01-01T00:00:00\"")]
    [InlineData("dateTime", "lt", "\"01/02/2026\"")]
    [InlineData("dateTime", "lt", "\"tomorrow\"")]
    [InlineData("dateTime", "lt", "20260101")]
    [InlineData("spatial", "eq", "\"jp\"")]
    [InlineData("spatial", "eq", "\"JPN\"")]
    [InlineData("spatial", "eq", "\"Ｊ\u0050\"")]
    [InlineData("spatial", "isAnyOf", "[\"JP\", 81]")]
    [InlineData("purpose", "eq", "\"Research\"")]
    [InlineData("purpose", "eq", "\"re\u0455earch\"")]
    [InlineData("purpose", "eq", "\"research \"")]
    [InlineData("purpose", "eq", "\"-research\"")]
    [InlineData("purpose", "eq", "\"\"")]
    [InlineData("purpose", "isAnyOf", "[\"research\", \"PUBLIC-HEALTH\"]")]
    [InlineData("purpose", "eq", "{ \"@id\": \"research\" }")]
    public void BadRightOperand_RefusedWithPath(string left, string op, string right) =>
        Refused(Permit(C(left, op, right)), "permission[0].constraint[0]: rightOperand");

    [Fact]
    public void PurposeOver64Characters_Refused() =>
        Refused(Permit(C("purpose", "eq", $"\"{new string('a', 65)}\"")), "permission[0].constraint[0]: rightOperand", "is not a purpose name");

    [Theory]
    [InlineData("{ \"leftOperand\": \"purpose\", \"operator\": \"eq\" }", "needs leftOperand, operator and rightOperand")]
    [InlineData("{ \"and\": [] }", "and is not a member of a constraint")]
    [InlineData("\"purpose=research\"", "a constraint is an object")]
    [InlineData("{ \"leftOperand\": 1, \"operator\": \"eq\", \"rightOperand\": \"x\" }", "needs leftOperand, operator and rightOperand")]
    public void MalformedConstraint_Refused(string constraint, string fragment) =>
        Refused(Permit(constraint), "permission[0].constraint[0]: ", fragment);

    [Fact]
    public void SeveralProblems_AllReported()
    {
        string json = Policy(
            [Rule("aggregate", C("temperature", "eq", "\"1\""), C("purpose", "gt", "\"research\""), C("bunsan:minGroupSize", "gteq", "0")), Rule("distribute")],
            [Rule("launch")]);

        PolicyParseResult result = Refused(json, "permission[0].constraint[0]: leftOperand 'temperature'");

        Assert.Contains(result.Errors, e => e.StartsWith("permission[0].constraint[1]: operator 'gt'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("permission[0].constraint[2]: rightOperand", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("permission[1].action 'distribute'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("prohibition[0].action 'launch'", StringComparison.Ordinal));
        Assert.Equal(5, result.Errors.Length);
    }

    [Fact]
    public void TextOverSizeLimit_Refused()
    {
        string json = Typical.PadRight((64 * 1024) + 1);
        Refused(json, "over 65,536 bytes");
    }

    [Fact]
    public void SizeLimit_CountsUtf8Bytes_NotCharacters()
    {
        // 40,000 'é' are 80,000 UTF-8 bytes but only 40,000 chars.
        string json = Typical.Replace("urn:bunsan:policy:sapporo-air", "urn:" + new string('é', 40_000), StringComparison.Ordinal);
        Assert.True(json.Length < 64 * 1024);
        Refused(json, "over 65,536 bytes");
    }

    [Fact]
    public void Rules_AtLimit_Accepted_OverLimit_Refused()
    {
        ParseOk(Policy([.. Enumerable.Repeat(Rule("aggregate"), 64)]));
        Refused(Policy([.. Enumerable.Repeat(Rule("aggregate"), 65)]), "permission: 65 rules; at most 64");
        Refused(Policy([Rule("aggregate")], [.. Enumerable.Repeat(Rule("distribute"), 65)]), "prohibition: 65 rules; at most 64");
    }

    [Fact]
    public void Constraints_AtLimit_Accepted_OverLimit_Refused()
    {
        string purpose = C("purpose", "isAnyOf", "[\"research\"]");
        ParseOk(Permit([.. Enumerable.Repeat(purpose, 32)]));
        Refused(Permit([.. Enumerable.Repeat(purpose, 33)]), "permission[0].constraint: 33 constraints; at most 32");
    }

    [Fact]
    public void Values_AtLimit_Accepted_OverLimit_Refused()
    {
        static string List(int n) => "[" + string.Join(", ", Enumerable.Range(0, n).Select(i => $"\"p{i}\"")) + "]";
        ParseOk(Permit(C("purpose", "isAnyOf", List(256))));
        Refused(Permit(C("purpose", "isAnyOf", List(257))), "permission[0].constraint[0]: rightOperand: give 1 to 256 values");
    }
}
