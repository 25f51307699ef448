using System.Text.Json;

namespace Bunsan.Cli.Commands.Control;

/// <summary>A job for people: one block, the attempts as a table, the result last.</summary>
internal static class JobText
{
    public static void Write(TextWriter output, JsonElement job)
    {
        output.WriteLine($"id            {JobCommands.Text(job, "id")}");
        output.WriteLine($"function      {JobCommands.Text(job, "function")}");
        output.WriteLine($"state         {JobCommands.Text(job, "state")}   (epoch {job.GetProperty("epoch").GetInt64()})");
        output.WriteLine($"submitted     {job.GetProperty("submitted_at").GetDateTimeOffset():O}");
        if (job.TryGetProperty("deadline_ms", out JsonElement deadline) && deadline.ValueKind == JsonValueKind.Number)
        {
            output.WriteLine($"deadline      {deadline.GetInt64()} ms after submission");
        }
        JsonElement attempts = job.GetProperty("attempts");
        if (attempts.GetArrayLength() > 0)
        {
            output.WriteLine($"{"EPOCH",5}  {"SITE",-20} {"OUTCOME",-10} DETAIL");
            foreach (JsonElement attempt in attempts.EnumerateArray())
            {
                string outcome = JobCommands.Text(attempt, "outcome") is { Length: > 0 } o ? o : "running";
                string late = JobCommands.Text(attempt, "late_result") is { Length: > 0 } l ? $" (late result discarded: {l})" : "";
                output.WriteLine($"{attempt.GetProperty("epoch").GetInt64(),5}  {JobCommands.Text(attempt, "site"),-20} {outcome,-10} {JobCommands.Text(attempt, "detail")}{late}");
            }
        }
        if (job.TryGetProperty("result", out JsonElement result) && result.ValueKind == JsonValueKind.Object)
        {
            output.WriteLine(result.TryGetProperty("output", out JsonElement o) && o.ValueKind == JsonValueKind.String
                ? $"result        {Convert.FromBase64String(o.GetString()!).Length} bytes of output from {JobCommands.Text(result, "site")} (`bunsan job wait` prints them)"
                : $"result        {JobCommands.Text(result, "error")}: {JobCommands.Text(result, "reason")}");
        }
    }
}
