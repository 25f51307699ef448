using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bunsan.Ledger.Entries;

/// <summary>
/// Canonical JSON for ledger entries, so the same facts always hash to the same leaf: object keys sorted by UTF-16
/// code units (as RFC 8785), no insignificant white space, strings escaped only where JSON requires ('"', '\', and
/// control characters), UTF-8. Numbers must be integers within ±(2^53 − 1) — the range every JSON reader holds
/// exactly — so that no float formatting rules are needed; write decimals (e.g. a privacy budget ε) as strings.
/// </summary>
public static class CanonicalJson
{
    public const long MaxSafeInteger = (1L << 53) - 1;

    public static byte[] Serialize(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text, "$");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Write(JsonNode? node, StringBuilder text, string path)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                bool first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    WriteString(key, text);
                    text.Append(':');
                    Write(value, text, $"{path}.{key}");
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Write(array[i], text, $"{path}[{i}]");
                }
                text.Append(']');
                break;
            default:
                WriteValue(node.AsValue(), text, path);
                break;
        }
    }

    private static void WriteValue(JsonValue value, StringBuilder text, string path)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(value.GetValue<string>(), text);
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Number:
                string raw = value.ToJsonString();
                if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) || Math.Abs(number) > MaxSafeInteger)
                {
                    throw new ArgumentException($"{path} is {raw}: ledger entries hold integers within ±{MaxSafeInteger} only; write other numbers as strings", nameof(value));
                }
                text.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        if (Utf16.HasLoneSurrogate(value))
        {
            throw new ArgumentException("a string holds a lone UTF-16 surrogate, which has no UTF-8 form", nameof(value));
        }
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

}
