using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bunsan.ControlPlane.Api;

/// <summary>Every error of the HTTP API has one shape: {"error": code, "reason": text naming the field and the fix, "errors": [...] when several}.</summary>
public static class ApiErrors
{
    public sealed record ErrorBody(string Error, string Reason, IReadOnlyList<string>? Errors = null);

    public static IResult BadRequest(IReadOnlyList<string> errors) =>
        Results.Json(new ErrorBody("invalid", string.Join("; ", errors), errors), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);

    public static IResult BadRequest(string reason) => Problem(StatusCodes.Status400BadRequest, "invalid", reason);

    public static IResult NotFound(string reason) => Problem(StatusCodes.Status404NotFound, "not_found", reason);

    public static IResult Problem(int status, string code, string reason) =>
        Results.Json(new ErrorBody(code, reason), ApiJson.Options, statusCode: status);

    /// <summary>For handlers outside an endpoint (authentication challenges): the status is already set.</summary>
    public static Task Write(HttpContext context, string code, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new ErrorBody(code, reason), ApiJson.Options, context.RequestAborted);
    }
}

/// <summary>The API's JSON: snake_case names, like every `--json` output of the CLI.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
