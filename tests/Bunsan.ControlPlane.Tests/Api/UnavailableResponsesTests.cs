using System.Text.Json;
using Bunsan.ControlPlane.Api;
using Microsoft.AspNetCore.Http;

namespace Bunsan.ControlPlane.Tests.Api;

/// <summary>A cluster that cannot be reached right now answers 503 with Retry-After, not 500; other failures stay failures.</summary>
public sealed class UnavailableResponsesTests
{
    [Theory]
    [MemberData(nameof(Unreachable))]
    public async Task UnreachableCluster_Is503_WithRetryAfter_AndTheErrorShape(Exception failure)
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        await UnavailableResponses.InvokeAsync(context, () => throw failure);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        using JsonDocument body = JsonDocument.Parse(context.Response.Body);
        Assert.Equal("unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.Contains(failure.GetType().Name, body.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<Exception> Unreachable() =>
        [new SiloUnavailableException("silo gone"), new TimeoutException("no answer"), new Orleans.Storage.InconsistentStateException("etag race")];

    [Fact]
    public async Task OtherFailures_AndSuccesses_PassThrough()
    {
        var context = new DefaultHttpContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => UnavailableResponses.InvokeAsync(context, () => throw new InvalidOperationException("bug")));
        await UnavailableResponses.InvokeAsync(context, () =>
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        });
        Assert.Equal(StatusCodes.Status201Created, context.Response.StatusCode);
    }
}
