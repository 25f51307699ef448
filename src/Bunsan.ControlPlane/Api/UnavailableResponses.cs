using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// A grain call that fails because part of the cluster is unreachable — a silo died and is not yet declared dead, a
/// call timed out, a write lost an ETag race — is the control plane recovering, not a bug: the API answers 503 with
/// Retry-After instead of 500, so clients and the CLI retry rather than give up (measured with two `bunsan up
/// --cluster` silos: after a kill -9 of one, the other answered 500 for 7.7 s until membership caught up).
/// </summary>
internal static class UnavailableResponses
{
    public const int RetryAfterSeconds = 2;

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiErrors.Write(context, "unavailable",
                $"the control plane could not reach part of its cluster ({e.GetType().Name}): retry in {RetryAfterSeconds} s").ConfigureAwait(false);
        }
    }
}
