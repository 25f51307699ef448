using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunsan.Federation.Queries;

/// <summary>
/// The compact wire form of a <see cref="GroupKey"/>, exchanged by the coordinator and the sites: a JSON
/// array with one element per value —
/// null → <c>null</c>; bool → <c>true</c>/<c>false</c>; long → a JSON integer; and tagged strings for the
/// rest: double <c>"f:1.5"</c> (round-trip "R", also "f:NaN", "f:-Infinity"), decimal <c>"m:1.50"</c> (scale
/// kept), string <c>"s:Tokyo"</c>, DateOnly <c>"d:2018-01-31"</c>, DateTime <c>"t:2018-01-31T09:00:00.0000000"</c>.
/// Example: <c>[2018,"s:high",null]</c>. Tags keep types apart that JSON would merge (1 vs 1.0 vs "1").
/// </summary>
public sealed class GroupKeyJsonConverter : JsonConverter<GroupKey>
{
    private const int MaxValues = 256;

    public override GroupKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("a group key is a JSON array");
        }
        var values = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (values.Count == MaxValues)
            {
                throw new JsonException($"a group key has at most {MaxValues} values");
            }
            values.Add(reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Number when reader.TryGetInt64(out long number) => number,
                JsonTokenType.String => ReadTagged(reader.GetString()!),
                _ => throw new JsonException($"a group key value is null, true, false, an integer or a tagged string, not {reader.TokenType}"),
            });
        }
        return new GroupKey(values);
    }

    public override void Write(Utf8JsonWriter writer, GroupKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (object? item in value.Values)
        {
            switch (item)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                case double real:
                    writer.WriteStringValue("f:" + real.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case decimal exact:
                    writer.WriteStringValue("m:" + exact.ToString(CultureInfo.InvariantCulture));
                    break;
                case string text:
                    writer.WriteStringValue("s:" + text);
                    break;
                case DateOnly date:
                    writer.WriteStringValue("d:" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    break;
                case DateTime time:
                    writer.WriteStringValue("t:" + time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new InvalidOperationException($"GroupKey holds a {item.GetType().Name}");
            }
        }
        writer.WriteEndArray();
    }

    private static object ReadTagged(string text)
    {
        string body = text.Length >= 2 && text[1] == ':' ? text[2..] : throw new JsonException($"'{Shorten(text)}' has no type tag (f:, m:, s:, d:, t:)");
        object? value = text[0] switch
        {
            'f' when double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) => real,
            'm' when decimal.TryParse(body, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal exact) => exact,
            's' => body,
            'd' when DateOnly.TryParseExact(body, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) => date,
            't' when DateTime.TryParseExact(body, "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime time) => time,
            _ => null,
        };
        return value ?? throw new JsonException($"'{Shorten(text)}' is not a valid tagged group key value");
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
