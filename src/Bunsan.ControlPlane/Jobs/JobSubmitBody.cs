using System.Text.Json;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>
/// Reads the body of <c>POST /v1/jobs</c> strictly: a JSON object with only <c>function</c> (required), <c>input</c>
/// (base64), <c>deadline_ms</c> and <c>idempotency_key</c>, each at most once and of its type. Every problem is named
/// with its field and the fix; a body with any problem stores nothing.
/// </summary>
public static class JobSubmitBody
{
    /// <summary>The agents' default body limit (1 MiB): a larger input could not be delivered to any site.</summary>
    public const int MaxInputBytes = 1 << 20;

    /// <summary>Base64 of the largest input plus room for the other fields.</summary>
    public const int MaxBodyBytes = (MaxInputBytes + 2) / 3 * 4 + (16 << 10);

    /// <summary>A day: a job that may wait longer is a schedule, not a job.</summary>
    public const long MaxDeadlineMs = 86_400_000;

    public const int MaxIdempotencyKeyLength = 200;

    private static readonly string[] Fields = ["function", "input", "deadline_ms", "idempotency_key"];

    /// <summary>The request, or every problem found.</summary>
    public static (JobRequest? Request, IReadOnlyList<string> Errors) Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            return (null, [$"the body is not JSON ({e.Message}): send an object such as {{\"function\": \"echo\", \"input\": \"aGVsbG8=\"}}"]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, [$"the body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}: send an object with function and, optionally, input, deadline_ms, idempotency_key"]);
            }
            var errors = new List<string>();
            var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add($"unknown field '{Shorten(property.Name)}': send only {string.Join(", ", Fields)}");
                }
                else if (!seen.TryAdd(property.Name, property.Value))
                {
                    errors.Add($"{property.Name} is given twice: send it once");
                }
            }
            string? function = Function(seen, errors);
            byte[] input = Input(seen, errors);
            long? deadline = Deadline(seen, errors);
            string? key = Key(seen, errors);
            return errors.Count == 0 ? (new JobRequest(function!, input, deadline, key), []) : (null, errors);
        }
    }

    private static string? Function(Dictionary<string, JsonElement> fields, List<string> errors)
    {
        if (!fields.TryGetValue("function", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("function is missing: name a deployed function (GET /v1/functions lists them)");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"function is a {Kind(value)}: send the function's name as a string");
            return null;
        }
        string name = value.GetString()!;
        if (FunctionValidator.NameProblem(name) is { } problem)
        {
            errors.Add("function " + problem);
            return null;
        }
        return name;
    }

    private static byte[] Input(Dictionary<string, JsonElement> fields, List<string> errors)
    {
        if (!fields.TryGetValue("input", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"input is a {Kind(value)}: send the input bytes as a base64 string");
            return [];
        }
        string text = value.GetString()!;
        byte[] buffer = new byte[text.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(text, buffer, out int length))
        {
            errors.Add("input is not valid base64: encode the input bytes as standard base64 (RFC 4648, with padding), e.g. \"aGVsbG8=\" for hello");
            return [];
        }
        if (length > MaxInputBytes)
        {
            errors.Add($"input is {length:N0} bytes: send at most {MaxInputBytes:N0} bytes (the agents' body limit)");
            return [];
        }
        return buffer.AsSpan(0, length).ToArray();
    }

    private static long? Deadline(Dictionary<string, JsonElement> fields, List<string> errors)
    {
        if (!fields.TryGetValue("deadline_ms", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long ms) || ms < 1 || ms > MaxDeadlineMs)
        {
            errors.Add($"deadline_ms is {Shorten(value.GetRawText())}: send whole milliseconds from 1 to {MaxDeadlineMs} (a day) after submission, or leave it out for no deadline");
            return null;
        }
        return ms;
    }

    private static string? Key(Dictionary<string, JsonElement> fields, List<string> errors)
    {
        if (!fields.TryGetValue("idempotency_key", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"idempotency_key is a {Kind(value)}: send a string");
            return null;
        }
        string key = value.GetString()!;
        if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            errors.Add($"idempotency_key has {key.Length} characters or characters outside printable ASCII: use 1 to {MaxIdempotencyKeyLength} printable ASCII characters without spaces, e.g. a UUID");
            return null;
        }
        return key;
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    /// <summary>A client's text in an error, shortened so a huge field cannot make a huge answer.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
