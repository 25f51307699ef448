using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunsan.ControlPlane.Jobs;

namespace Bunsan.Cli.Commands.Control;

/// <summary>`bunsan job submit|status|wait`: durable jobs, run once by the control plane at the best live site.</summary>
public static class JobCommands
{
    public static Command Create(CliContext context)
    {
        var job = new Command("job", "Submit durable jobs and follow them: stored before they are acknowledged, re-run elsewhere if their site dies, their result recorded exactly once")
        {
            Submit(context), Status(context), Wait(context),
        };
        ControlConnection.AddTo(job);
        return job;
    }

    private static Command Submit(CliContext context)
    {
        var function = new Argument<string>("FUNCTION") { Description = "The deployed function to run" };
        var input = new Option<string?>("--input") { Description = "A file whose bytes are the input, or - for stdin (default: empty)" };
        var deadline = new Option<long?>("--deadline-ms") { Description = $"Fail the job unless it has a result this many ms after submission (1 to {JobSubmitBody.MaxDeadlineMs}; default: no deadline)" };
        var key = new Option<string?>("--idempotency-key") { Description = "Makes the submission safe to repeat: the same key and body return the same job" };
        var command = new Command("submit",
            "Submits a job and prints its id (--json: the whole job). Returns once the job is stored, before it runs.\n\n" +
            "Example:\n  bunsan job submit echo --input request.bin --idempotency-key order-1234")
        {
            function, input, deadline, key,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            long? deadlineMs = parseResult.GetValue(deadline);
            if (deadlineMs is < 1 or > JobSubmitBody.MaxDeadlineMs)
            {
                throw new BadInputException("--deadline-ms", $"is {deadlineMs}: use whole milliseconds from 1 to {JobSubmitBody.MaxDeadlineMs}, or leave it out for no deadline");
            }
            byte[] bytes = ReadInput(parseResult.GetValue(input));
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new JobClient(url, token);
            JsonElement view = client.Submit(parseResult.GetValue(function)!, bytes, deadlineMs, parseResult.GetValue(key));
            context.Out.WriteLine(parseResult.GetValue(CliContext.JsonOption) ? JsonSerializer.Serialize(view, CliContext.JsonOptions) : Text(view, "id"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The job id `bunsan job submit` printed" };
        var command = new Command("status", "Shows a job: its state, every attempt (site, epoch, outcome) and its result.\n\nExample:\n  bunsan job status 3f2a…") { id };
        command.SetAction(parseResult => context.Run(() =>
        {
            string jobId = JobClient.CheckId(parseResult.GetValue(id)!);
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new JobClient(url, token);
            JsonElement view = client.Get(jobId);
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(view, CliContext.JsonOptions));
            }
            else
            {
                JobText.Write(context.Out, view);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Wait(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The job id `bunsan job submit` printed" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait at most (default 60)", DefaultValueFactory = _ => 60 };
        var command = new Command("wait",
            "Waits until the job finishes and prints its output bytes (--json: the whole job). Exit 0 when it succeeded, 1 when it " +
            "failed or is still unfinished at --timeout, 2 for bad input.\n\nExample:\n  bunsan job wait 3f2a… --timeout 30 > result.bin")
        {
            id, timeout,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string jobId = JobClient.CheckId(parseResult.GetValue(id)!);
            double seconds = parseResult.GetValue(timeout);
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > 86_400)
            {
                throw new BadInputException("--timeout", $"is {seconds.ToString(CultureInfo.InvariantCulture)}: use seconds from 0 to 86400");
            }
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new JobClient(url, token);
            long start = Stopwatch.GetTimestamp();
            JsonElement view = client.Get(jobId);
            while (Text(view, "state") is "queued" or "running" && Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Clamp(seconds * 1000 - Stopwatch.GetElapsedTime(start).TotalMilliseconds, 1, 200)));
                view = client.Get(jobId);
            }
            return Finish(context, view, parseResult.GetValue(CliContext.JsonOption), seconds);
        }));
        return command;
    }

    private static int Finish(CliContext context, JsonElement view, bool json, double seconds)
    {
        string state = Text(view, "state");
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(view, CliContext.JsonOptions));
        }
        if (state == "succeeded")
        {
            if (!json)
            {
                WriteBytes(context, Convert.FromBase64String(view.GetProperty("result").GetProperty("output").GetString()!));
            }
            return ExitCodes.Ok;
        }
        if (state == "failed")
        {
            JsonElement result = view.GetProperty("result");
            context.Error.WriteLine($"error: job {Text(view, "id")} failed: {Text(result, "error")}: {Text(result, "reason")}");
        }
        else
        {
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"error: job {Text(view, "id")} is still {state} after {seconds} s: wait again, or see `bunsan job status {Text(view, "id")}`"));
        }
        return ExitCodes.Failed;
    }

    /// <summary>The input bytes: none, stdin (-), or a file's.</summary>
    private static byte[] ReadInput(string? input)
    {
        if (input is null)
        {
            return [];
        }
        byte[] bytes;
        if (input == "-")
        {
            using var buffer = new MemoryStream();
            using Stream stdin = Console.OpenStandardInput();
            stdin.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        else
        {
            bytes = File.Exists(input) ? File.ReadAllBytes(input)
                : throw new BadInputException("--input", $"file '{input}' does not exist: pass the path of an existing file, or - for stdin");
        }
        return bytes.Length <= JobSubmitBody.MaxInputBytes ? bytes
            : throw new BadInputException("--input", $"is {bytes.Length:N0} bytes: a job's input may be at most {JobSubmitBody.MaxInputBytes:N0} bytes");
    }

    /// <summary>Raw bytes to the real stdout (an output need not be text); decoded text to any other writer (tests).</summary>
    private static void WriteBytes(CliContext context, byte[] bytes)
    {
        if (ReferenceEquals(context.Out, Console.Out))
        {
            context.Out.Flush();
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(bytes);
        }
        else
        {
            context.Out.Write(Encoding.UTF8.GetString(bytes));
        }
    }

    internal static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
