using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Bunsan.Federation.Policies;

/// <summary>
/// Reads the JSON-LD of a policy into typed rules, collecting every problem with its JSON path and the fix. Accepts
/// the spellings ODRL uses (bare terms, odrl: prefixes, full IRIs; a value, an array or {"@value": …}); refuses
/// everything it would otherwise have to ignore.
/// </summary>
internal sealed class PolicyReader
{
    public const int MaxBytes = 64 << 10;
    public const int MaxRules = 64;
    public const int MaxConstraints = 32;
    public const int MaxValues = 256;

    private static readonly string[] PolicyTypes = ["Set", "Policy", "Offer", "Agreement"];
    private static readonly string[] TopLevel = ["@context", "@type", "uid", "@id", "permission", "prohibition", "obligation", "profile"];
    private static readonly string[] RuleMembers = ["action", "constraint", "target", "assignee", "assigner", "uid", "@id", "@type", "duty"];

    private readonly List<string> _errors = [];

    public ImmutableArray<string> Errors => [.. _errors];

    public (string Uid, ImmutableArray<PolicyRule> Permissions, ImmutableArray<PolicyRule> Prohibitions) Read(string json)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            _errors.Add($"the policy is over {MaxBytes:N0} bytes: a usage policy is a small document");
            return ("", [], []);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the duplicate-member check met a \u escape of a lone surrogate in a name.
            _errors.Add($"the policy is not JSON ({e.Message}): write it as ODRL 2.2 JSON-LD");
            return ("", [], []);
        }
        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // JsonElement.GetString throws on a \u escape of a lone surrogate, which JsonDocument.Parse lets through.
                _errors.Add($"the policy has a string that is not valid UTF-16 ({e.Message}): write names as plain text");
                return ("", [], []);
            }
        }
    }

    private (string Uid, ImmutableArray<PolicyRule> Permissions, ImmutableArray<PolicyRule> Prohibitions) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            _errors.Add("the policy is not a JSON object: write one ODRL policy object with @context, @type and permission");
            return ("", [], []);
        }
        foreach (JsonProperty member in root.EnumerateObject().Where(m => !TopLevel.Contains(m.Name, StringComparer.Ordinal)))
        {
            _errors.Add($"{FederationNames.Shown(member.Name)}: not a member of a Bunsan usage policy: use @context, @type, uid, permission and prohibition");
        }
        CheckContext(root);
        CheckType(root);
        if (root.TryGetProperty("obligation", out _))
        {
            _errors.Add("obligation: duties are not part of the Bunsan profile (nothing would enforce them): express the policy with permission and prohibition");
        }
        string uid = Uid(root);
        ImmutableArray<PolicyRule> permissions = Rules(root, "permission");
        ImmutableArray<PolicyRule> prohibitions = Rules(root, "prohibition");
        if (!root.TryGetProperty("permission", out _))
        {
            _errors.Add("permission: a policy needs at least one permission (a dataset nobody may query needs no policy: revoke it instead)");
        }
        return (uid, permissions, prohibitions);
    }

    private void CheckContext(JsonElement root)
    {
        if (!root.TryGetProperty("@context", out JsonElement context))
        {
            _errors.Add($"@context is missing: add \"@context\": \"{PolicyTerms.OdrlContext}\"");
            return;
        }
        bool hasOdrl = context.ValueKind switch
        {
            JsonValueKind.String => context.GetString() == PolicyTerms.OdrlContext,
            JsonValueKind.Array => context.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.String && c.GetString() == PolicyTerms.OdrlContext),
            _ => false,
        };
        if (!hasOdrl)
        {
            _errors.Add($"@context does not include the ODRL context: add \"{PolicyTerms.OdrlContext}\" (as a string or in an array)");
        }
    }

    private void CheckType(JsonElement root)
    {
        string? type = root.TryGetProperty("@type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? PolicyTerms.Strip(t.GetString()!) : null;
        if (type is null || !PolicyTypes.Contains(type, StringComparer.Ordinal))
        {
            _errors.Add($"@type is {(type is null ? "missing" : $"'{FederationNames.Shown(type)}'")}: use \"Set\" (or Policy, Offer, Agreement)");
        }
    }

    private string Uid(JsonElement root)
    {
        foreach (string name in new[] { "uid", "@id" })
        {
            if (root.TryGetProperty(name, out JsonElement id))
            {
                if (id.ValueKind != JsonValueKind.String || id.GetString()!.Length is 0 or > 256 || id.GetString()!.Any(char.IsControl))
                {
                    _errors.Add($"{name}: use a string IRI of at most 256 characters, e.g. urn:bunsan:policy:sapporo-air");
                    return "";
                }
                return id.GetString()!;
            }
        }
        return "";
    }

    private ImmutableArray<PolicyRule> Rules(JsonElement root, string kind)
    {
        if (!root.TryGetProperty(kind, out JsonElement rules))
        {
            return [];
        }
        List<JsonElement> items = rules.ValueKind == JsonValueKind.Array ? [.. rules.EnumerateArray()] : [rules];
        if (items.Count > MaxRules)
        {
            _errors.Add($"{kind}: {items.Count} rules; at most {MaxRules}");
            return [];
        }
        var result = ImmutableArray.CreateBuilder<PolicyRule>();
        for (int i = 0; i < items.Count; i++)
        {
            if (Rule(items[i], kind, i) is { } rule)
            {
                result.Add(rule);
            }
        }
        return result.ToImmutable();
    }

    private PolicyRule? Rule(JsonElement rule, string kind, int index)
    {
        string path = $"{kind}[{index}]";
        if (rule.ValueKind != JsonValueKind.Object)
        {
            _errors.Add($"{path}: a rule is a JSON object with an action and constraints");
            return null;
        }
        foreach (JsonProperty member in rule.EnumerateObject().Where(m => !RuleMembers.Contains(m.Name, StringComparer.Ordinal)))
        {
            _errors.Add($"{path}.{FederationNames.Shown(member.Name)}: not a member of a rule: use action and constraint");
        }
        if (rule.TryGetProperty("duty", out _))
        {
            _errors.Add($"{path}.duty: duties are not part of the Bunsan profile (nothing would enforce them): leave it out");
        }
        string? action = Action(rule, path, kind);
        ImmutableArray<PolicyConstraint> constraints = Constraints(rule, path);
        return action is null ? null : new PolicyRule(kind, index, action, constraints);
    }

    private string? Action(JsonElement rule, string path, string kind)
    {
        if (!rule.TryGetProperty("action", out JsonElement action))
        {
            _errors.Add($"{path}.action is missing: use \"aggregate\" (or \"use\")");
            return null;
        }
        string? name = action.ValueKind switch
        {
            JsonValueKind.String => action.GetString(),
            JsonValueKind.Object when action.TryGetProperty("@id", out JsonElement id) && id.ValueKind == JsonValueKind.String => id.GetString(),
            _ => null,
        };
        name = name is null ? null : PolicyTerms.Strip(name);
        if (name is "use" or "aggregate")
        {
            return name;
        }
        if (name is not null && PolicyTerms.ExportActions.Contains(name, StringComparer.Ordinal))
        {
            if (kind == "prohibition")
            {
                return name;
            }
            _errors.Add($"{path}.action '{name}' would hand rows over: raw export is never allowed in Bunsan (only aggregates leave a site); permit \"aggregate\"");
            return null;
        }
        _errors.Add($"{path}.action {(name is null ? "is not a string or {\"@id\": ...}" : $"'{FederationNames.Shown(name)}' is not an action of the profile")}: use \"aggregate\" or \"use\"");
        return null;
    }

    private ImmutableArray<PolicyConstraint> Constraints(JsonElement rule, string path)
    {
        if (!rule.TryGetProperty("constraint", out JsonElement constraint))
        {
            return [];
        }
        List<JsonElement> items = constraint.ValueKind == JsonValueKind.Array ? [.. constraint.EnumerateArray()] : [constraint];
        if (items.Count > MaxConstraints)
        {
            _errors.Add($"{path}.constraint: {items.Count} constraints; at most {MaxConstraints}");
            return [];
        }
        var result = ImmutableArray.CreateBuilder<PolicyConstraint>();
        for (int i = 0; i < items.Count; i++)
        {
            if (new ConstraintReader(_errors, $"{path}.constraint[{i}]").Read(items[i]) is { } read)
            {
                result.Add(read);
            }
        }
        return result.ToImmutable();
    }

    /// <summary>Reads one constraint object.</summary>
    private sealed class ConstraintReader(List<string> errors, string path)
    {
        private static readonly string[] Members = ["leftOperand", "operator", "rightOperand", "@type", "uid", "@id"];

        public PolicyConstraint? Read(JsonElement item)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Fail("a constraint is an object with leftOperand, operator and rightOperand");
            }
            foreach (JsonProperty member in item.EnumerateObject().Where(m => !Members.Contains(m.Name, StringComparer.Ordinal)))
            {
                return Fail($"{FederationNames.Shown(member.Name)} is not a member of a constraint (logical constraints such as and/or are not part of the profile): use leftOperand, operator and rightOperand");
            }
            string? left = Term(item, "leftOperand");
            string? op = Term(item, "operator");
            if (left is null || op is null || !item.TryGetProperty("rightOperand", out JsonElement right))
            {
                return Fail("needs leftOperand, operator and rightOperand");
            }
            if (PolicyTerms.Operand(left) is not { } operand)
            {
                return Fail($"leftOperand '{FederationNames.Shown(left)}' is not an operand of the profile: use purpose, spatial, dateTime, bunsan:minGroupSize or bunsan:epsilonBudget");
            }
            if (PolicyTerms.Operator(op) is not { } oper || !PolicyTerms.OperatorsOf(operand).Contains(oper))
            {
                return Fail($"operator '{FederationNames.Shown(op)}' does not go with {PolicyTerms.Name(operand)}: use {string.Join(", ", PolicyTerms.OperatorsOf(operand).Select(PolicyTerms.Name))}");
            }
            return operand switch
            {
                PolicyOperand.Purpose or PolicyOperand.Spatial => NameSet(operand, oper, right),
                PolicyOperand.DateTime => Instant(oper, right),
                PolicyOperand.MinGroupSize => Count(oper, right),
                _ => Amount(oper, right),
            };
        }

        private PolicyConstraint? NameSet(PolicyOperand operand, PolicyOperator op, JsonElement right)
        {
            List<JsonElement> values = right.ValueKind == JsonValueKind.Array ? [.. right.EnumerateArray()] : [right];
            if (values.Count is 0 || values.Count > MaxValues)
            {
                return Fail($"rightOperand: give 1 to {MaxValues} values");
            }
            if (op is PolicyOperator.Eq or PolicyOperator.Neq && values.Count != 1)
            {
                return Fail($"rightOperand: {PolicyTerms.Name(op)} takes one value: use isAnyOf or isNoneOf for a list");
            }
            var names = new List<string>();
            foreach (JsonElement value in values)
            {
                string? text = Scalar(value);
                string? problem = text is null ? "is not a string"
                    : operand == PolicyOperand.Purpose ? Purposes.Problem(text)
                    : text is { Length: 2 } && text.All(char.IsAsciiLetterUpper) ? null : $"'{FederationNames.Shown(text)}' is not an ISO 3166-1 alpha-2 code such as JP";
                if (problem is not null)
                {
                    return Fail("rightOperand: " + problem);
                }
                names.Add(text!);
            }
            return new PolicyConstraint(path, operand, op, [.. names.Distinct(StringComparer.Ordinal)], default, 0, 0);
        }

        private PolicyConstraint? Instant(PolicyOperator op, JsonElement right)
        {
            string? text = Scalar(right);
            if (text is not null && DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset instant)
                && text.Length > 19 && (text.EndsWith('Z') || text[^6] is '+' or '-'))
            {
                return new PolicyConstraint(path, PolicyOperand.DateTime, op, [], instant, 0, 0);
            }
            if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
            {
                return new PolicyConstraint(path, PolicyOperand.DateTime, op, [], new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), 0, 0);
            }
            return Fail("rightOperand: use an xsd:dateTime with its offset (2027-12-31T00:00:00Z) or an xsd:date (2027-12-31, midnight UTC)");
        }

        private PolicyConstraint? Count(PolicyOperator op, JsonElement right)
        {
            JsonElement value = Unwrap(right);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int count) && count is >= 1 and <= 1_000_000
                ? new PolicyConstraint(path, PolicyOperand.MinGroupSize, op, [], default, count, 0)
                : Fail("rightOperand: bunsan:minGroupSize is a whole number of rows from 1 to 1,000,000");
        }

        private PolicyConstraint? Amount(PolicyOperator op, JsonElement right)
        {
            JsonElement value = Unwrap(right);
            string? text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return text is not null && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount) && amount is > 0 and <= 100
                ? new PolicyConstraint(path, PolicyOperand.EpsilonBudget, op, [], default, 0, amount)
                : Fail("rightOperand: bunsan:epsilonBudget is a decimal ε above 0 and at most 100, e.g. 2.5");
        }

        private static string? Term(JsonElement item, string name) =>
            item.TryGetProperty(name, out JsonElement value) ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Object when value.TryGetProperty("@id", out JsonElement id) && id.ValueKind == JsonValueKind.String => id.GetString(),
                _ => null,
            } : null;

        private static JsonElement Unwrap(JsonElement value) =>
            value.ValueKind == JsonValueKind.Object && value.TryGetProperty("@value", out JsonElement inner) ? inner : value;

        private static string? Scalar(JsonElement value)
        {
            JsonElement inner = Unwrap(value);
            return inner.ValueKind == JsonValueKind.String ? inner.GetString() : null;
        }

        private PolicyConstraint? Fail(string problem)
        {
            errors.Add($"{path}: {problem}");
            return null;
        }
    }
}
