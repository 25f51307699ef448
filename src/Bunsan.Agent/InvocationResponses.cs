using System.Globalization;
using System.Text.Json;
using Bunsan.Executor;
using Microsoft.AspNetCore.Http;

namespace Bunsan.Agent;

/// <summary>One entry of a deadline error's "tried" list: a candidate site and what became of the attempt.</summary>
public sealed record TriedSite(string Site, string Outcome);

/// <summary>
/// Writes the protocol's answers. Errors are JSON {"error", "reason", "site", "tried"?}: "error" a stable code for
/// programs, "reason" one line with numbers for people. How an executor outcome maps to HTTP:
/// <list type="table">
/// <item><term>Ok</term><description>200, the function's output bytes</description></item>
/// <item><term>CpuLimitExceeded, MemoryLimitExceeded, Trap, AbiViolation</term><description>422 (cpu_limit, memory_limit, trap,
/// abi_violation): the function failed on this input; it would fail the same way on every site (fuel is deterministic), so no retry</description></item>
/// <item><term>InputTooLarge</term><description>413 (input_too_large)</description></item>
/// <item><term>BadModule</term><description>500 (bad_module): the deployment is broken, not the request</description></item>
/// <item><term>Busy, ModuleNotFound</term><description>503 with Bunsan-Reject busy or module: the gateway tries the next site</description></item>
/// </list>
/// </summary>
internal static class InvocationResponses
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Reasons are read by people: "<" and "+" stay as they are (the body is JSON, never embedded in HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Ms(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static Task WriteOutputAsync(HttpResponse response, string site, double queueMs, double execMs, ReadOnlyMemory<byte> output)
    {
        response.StatusCode = StatusCodes.Status200OK;
        SetTimings(response, site, queueMs, execMs);
        response.ContentType = "application/octet-stream";
        response.ContentLength = output.Length;
        return response.Body.WriteAsync(output).AsTask();
    }

    public static void SetTimings(HttpResponse response, string site, double queueMs, double execMs)
    {
        response.Headers[ProtocolHeaders.Site] = site;
        response.Headers[ProtocolHeaders.QueueMs] = Ms(queueMs);
        response.Headers[ProtocolHeaders.ExecMs] = Ms(execMs);
    }

    public static Task WriteErrorAsync(HttpResponse response, int status, string error, string reason, string site, IReadOnlyList<TriedSite>? tried = null)
    {
        response.StatusCode = status;
        response.Headers[ProtocolHeaders.Site] = site;
        response.ContentType = "application/json";
        return response.WriteAsync(JsonSerializer.Serialize(new ErrorBody(error, reason, site, tried), Json));
    }

    /// <summary>The HTTP status and error code for a failed invocation (see the table above).</summary>
    public static (int Status, string Error) ForFailure(InvocationStatus status) => status switch
    {
        InvocationStatus.CpuLimitExceeded => (StatusCodes.Status422UnprocessableEntity, "cpu_limit"),
        InvocationStatus.MemoryLimitExceeded => (StatusCodes.Status422UnprocessableEntity, "memory_limit"),
        InvocationStatus.Trap => (StatusCodes.Status422UnprocessableEntity, "trap"),
        InvocationStatus.AbiViolation => (StatusCodes.Status422UnprocessableEntity, "abi_violation"),
        InvocationStatus.InputTooLarge => (StatusCodes.Status413PayloadTooLarge, "input_too_large"),
        InvocationStatus.Busy => (StatusCodes.Status503ServiceUnavailable, "busy"),
        InvocationStatus.ModuleNotFound => (StatusCodes.Status503ServiceUnavailable, "module"),
        _ => (StatusCodes.Status500InternalServerError, "bad_module"),
    };

    /// <summary>Failures another site might not have: the gateway tries the next candidate.</summary>
    public static bool IsRetryable(InvocationStatus status) => status is InvocationStatus.Busy or InvocationStatus.ModuleNotFound;

    private sealed record ErrorBody(string Error, string Reason, string Site, IReadOnlyList<TriedSite>? Tried);
}
