using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Writes an <see cref="AnswerValue"/> as plain JSON for analysts and dashboards. Answers are written, not
/// read back: the plain form drops the kind (a date and a string both become strings), so reading is refused.
/// </summary>
public sealed class AnswerValueJsonConverter : JsonConverter<AnswerValue>
{
    public override AnswerValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("answer values are written for people and dashboards; their JSON is not read back");

    public override void Write(Utf8JsonWriter writer, AnswerValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case double real when double.IsFinite(real):
                writer.WriteNumberValue(real);
                break;
            case double real:
                writer.WriteStringValue(real.ToString(CultureInfo.InvariantCulture));
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case ImmutableArray<HistogramBucket> buckets:
                writer.WriteStartArray();
                foreach (HistogramBucket bucket in buckets)
                {
                    writer.WriteStartObject();
                    WriteBound(writer, "lo", bucket.Low);
                    WriteBound(writer, "hi", bucket.High);
                    writer.WriteNumber("count", bucket.Count);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"AnswerValue holds a {value.Value.GetType().Name}");
        }
    }

    private static void WriteBound(Utf8JsonWriter writer, string name, decimal? bound)
    {
        if (bound is { } b)
        {
            writer.WriteNumber(name, b);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
