using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Jobs;
using Bunsan.ControlPlane.Tests.Api;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Tests.Jobs;

/// <summary>`/v1/jobs` on a real server: hostile bodies are refused naming the field and store nothing; idempotency keys hold.</summary>
public sealed class JobApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{", "not JSON")]
    [InlineData("[1,2]", "JSON array")]
    [InlineData("{\"function\":\"echo\",\"priority\":1}", "unknown field 'priority'")]
    [InlineData("{\"function\":\"echo\",\"function\":\"echo\"}", "function is given twice")]
    [InlineData("{}", "function is missing")]
    [InlineData("{\"function\":42}", "function is a number")]
    [InlineData("{\"function\":\"../etc\"}", "function '../etc' has the character '/'")]
    [InlineData("{\"function\":\"\"}", "function is empty")]
    [InlineData("{\"function\":\"nowhere\"}", "function 'nowhere' is not deployed")]
    [InlineData("{\"function\":\"echo\",\"input\":\"not base64!\"}", "input is not valid base64")]
    [InlineData("{\"function\":\"echo\",\"input\":[104,105]}", "input is a array")]
    [InlineData("{\"function\":\"echo\",\"deadline_ms\":-5}", "deadline_ms is -5")]
    [InlineData("{\"function\":\"echo\",\"deadline_ms\":1.5}", "deadline_ms is 1.5")]
    [InlineData("{\"function\":\"echo\",\"deadline_ms\":1e300}", "deadline_ms is 1e300")]
    [InlineData("{\"function\":\"echo\",\"idempotency_key\":\"has space\"}", "idempotency_key has 9 characters")]
    [InlineData("{\"function\":\"echo\",\"idempotency_key\":\"\"}", "idempotency_key has 0 characters")]
    public async Task Submit_HostileBody_Is400NamingTheFieldAndStoresNothing(string body, string expected)
    {
        await DeployEcho();
        ImmutableArray<string> before = await ActiveJobShards.ListAsync(fixture.Server.Grains);

        using HttpResponseMessage response = await Post(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await Reason(response), StringComparison.Ordinal);
        // Subset, not equal: the dispatcher may finish (and unlist) other tests' jobs meanwhile; none may appear.
        Assert.Empty((await ActiveJobShards.ListAsync(fixture.Server.Grains)).Except(before));
    }

    [Fact]
    public async Task Submit_OversizedInput_Is413()
    {
        await DeployEcho();
        string input = Convert.ToBase64String(new byte[JobSubmitBody.MaxInputBytes + 1]);

        using HttpResponseMessage tooLarge = await Post($"{{\"function\":\"echo\",\"input\":\"{input}\"}}");
        using HttpResponseMessage huge = await Post($"{{\"function\":\"echo\",\"input\":\"{input}{input}\"}}");

        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("input is 1,048,577 bytes", await Reason(tooLarge), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Theory]
    [InlineData("not-a-job", HttpStatusCode.BadRequest, "is not a job id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", HttpStatusCode.BadRequest, "is not a job id")]
    [InlineData("0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound, "no job 0123456789abcdef0123456789abcdef")]
    public async Task Get_BadOrUnknownId_IsRefusedWithTheFix(string id, HttpStatusCode status, string expected)
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/jobs/" + id, Cancel);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(expected, await Reason(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_WithoutTheAdminToken_Are401Or403()
    {
        using HttpClient agent = fixture.Client(fixture.JoinToken);

        using HttpResponseMessage anonymous = await fixture.Anonymous.PostAsync("/v1/jobs", new StringContent("{\"function\":\"echo\"}", Encoding.UTF8, "application/json"), Cancel);
        using HttpResponseMessage joined = await agent.GetAsync("/v1/jobs/0123456789abcdef0123456789abcdef", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, joined.StatusCode);
    }

    [Fact]
    public async Task Submit_StoresTheJobQueued_AndGetReadsItBack()
    {
        await DeployEcho();

        using HttpResponseMessage response = await Post("{\"function\":\"echo\",\"input\":\"aGVsbG8=\",\"deadline_ms\":3600000}");
        JsonElement job = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        string id = job.GetProperty("id").GetString()!;
        JsonElement read = await fixture.Admin.GetFromJsonAsync<JsonElement>("/v1/jobs/" + id, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued", job.GetProperty("state").GetString());
        Assert.Equal((5, 3600000L), (job.GetProperty("input_bytes").GetInt32(), job.GetProperty("deadline_ms").GetInt64()));
        Assert.Equal(id, read.GetProperty("id").GetString());
        Assert.Equal(1, await StoredRows.CountAsync(Path.Combine(fixture.DataDirectory, "controlplane.db"), "job", id));
        Assert.Contains(id, await ActiveJobShards.ListAsync(fixture.Server.Grains));
    }

    [Fact]
    public async Task Submit_SameKey_ReturnsTheSameJob_DifferentBodyIs409()
    {
        await DeployEcho();
        string key = "order-" + Guid.NewGuid();

        using HttpResponseMessage first = await Post($"{{\"function\":\"echo\",\"input\":\"AQID\",\"idempotency_key\":\"{key}\"}}");
        using HttpResponseMessage again = await Post($"{{\"function\":\"echo\",\"input\":\"AQID\",\"idempotency_key\":\"{key}\"}}");
        using HttpResponseMessage different = await Post($"{{\"function\":\"echo\",\"input\":\"BAUG\",\"idempotency_key\":\"{key}\"}}");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Conflict), (first.StatusCode, again.StatusCode, different.StatusCode));
        Assert.Equal(await Id(first), await Id(again));
        Assert.Contains($"idempotency_key '{key}' was used for a different job", await Reason(different), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ReplayAfterTheFunctionWasRemoved_StillReturnsTheJob()
    {
        FunctionSpec spec = Samples.CollisionWarning("short-lived") with { Class = LatencyClass.Batch, Residency = [] };
        Assert.True((await fixture.Server.Grains.Function("short-lived").Deploy(spec, Samples.Digest)).Succeeded);
        string body = $"{{\"function\":\"short-lived\",\"idempotency_key\":\"replay-{Guid.NewGuid()}\"}}";

        using HttpResponseMessage first = await Post(body);
        Assert.True(await fixture.Server.Grains.Function("short-lived").Remove());
        using HttpResponseMessage replay = await Post(body);
        using HttpResponseMessage fresh = await Post("{\"function\":\"short-lived\"}");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.BadRequest), (first.StatusCode, replay.StatusCode, fresh.StatusCode));
        Assert.Equal(await Id(first), await Id(replay));
    }

    private async Task DeployEcho()
    {
        FunctionSpec spec = Samples.CollisionWarning("echo") with { Class = LatencyClass.Batch, Residency = [] };
        Assert.True((await fixture.Server.Grains.Function("echo").Deploy(spec, Samples.Digest)).Succeeded);
    }

    private Task<HttpResponseMessage> Post(string body) =>
        fixture.Admin.PostAsync("/v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

    private static async Task<string> Reason(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("reason").GetString()!;

    private static async Task<string> Id(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
}
