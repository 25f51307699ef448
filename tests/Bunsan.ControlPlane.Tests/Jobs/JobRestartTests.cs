using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Jobs;
using Bunsan.ControlPlane.Tests.Api;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Tests.Jobs;

/// <summary>A job acknowledged by one server is there, under the same idempotency key, for the next server over the same data directory.</summary>
public sealed class JobRestartTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_KeepsQueuedJobsAndTheirIdempotencyKeys()
    {
        const string Body = "{\"function\":\"echo\",\"input\":\"aGVsbG8=\",\"idempotency_key\":\"nightly-2026-04-01\"}";
        string id;
        await using (ControlPlaneServer first = await ControlPlaneServer.StartAsync(ServerFixture.Options(_data.Path), cancellationToken: Cancel))
        {
            FunctionSpec spec = Samples.CollisionWarning("echo") with { Class = LatencyClass.Batch, Residency = [] };
            Assert.True((await first.Grains.Function("echo").Deploy(spec, Samples.Digest)).Succeeded);
            using HttpClient admin = await Admin(first);
            using HttpResponseMessage submitted = await admin.PostAsync("/v1/jobs", Json(Body), Cancel);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            id = (await submitted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        }

        await using ControlPlaneServer second = await ControlPlaneServer.StartAsync(ServerFixture.Options(_data.Path), cancellationToken: Cancel);
        using HttpClient again = await Admin(second);
        using HttpResponseMessage replay = await again.PostAsync("/v1/jobs", Json(Body), Cancel);
        using HttpResponseMessage conflict = await again.PostAsync("/v1/jobs", Json(Body.Replace("aGVsbG8=", "aGVsbG9v", StringComparison.Ordinal)), Cancel);
        JsonElement job = await again.GetFromJsonAsync<JsonElement>("/v1/jobs/" + id, Cancel);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(id, (await replay.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("queued", job.GetProperty("state").GetString());
        Assert.Contains(id, await ActiveJobShards.ListAsync(second.Grains));
    }

    private static async Task<HttpClient> Admin(ControlPlaneServer server)
    {
        var client = new HttpClient { BaseAddress = server.ApiUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(server.AdminTokenPath, Cancel)).Trim());
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
