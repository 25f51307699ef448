using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bunsan.Protocol.V1;
using Grpc.Core;

namespace Bunsan.ControlPlane.Tests.Api;

/// <summary>The HTTP API and the agent service of a real server: tokens, modules, functions, placement, pushes.</summary>
public sealed class ApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] InJapan = ["JP"];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void FirstStart_WritesTokenFilesOnlyTheOwnerCanRead()
    {
        foreach (string path in new[] { fixture.Server.AdminTokenPath, fixture.Server.JoinTokenPath })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.StartsWith("bsn_admin_", fixture.AdminToken, StringComparison.Ordinal);
        Assert.StartsWith("bsn_join_", fixture.JoinToken, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bsn_admin_guessed")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task EveryCall_WithoutAValidToken_Is401WithAReason(string? token)
    {
        using HttpClient client = fixture.Client(null);
        if (token is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token.StartsWith("Basic", StringComparison.Ordinal) ? token : "Bearer " + token);
        }
        foreach (string path in new[] { "/v1/sites", "/v1/functions", "/v1/info", "/v1/plan" })
        {
            using HttpResponseMessage response = await client.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("Authorization: Bearer", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task JoinToken_ReachesInfoButNotTheAdminApi()
    {
        using HttpClient agent = fixture.Client(fixture.JoinToken);

        using HttpResponseMessage info = await agent.GetAsync("/v1/info", Cancel);
        using HttpResponseMessage functions = await agent.GetAsync("/v1/functions", Cancel);

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal(fixture.Server.AgentUri.ToString(), (await info.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("agent_endpoint").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, functions.StatusCode);
    }

    [Fact]
    public async Task AgentService_WithoutToken_IsUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Agents.HeartbeatAsync(new HeartbeatRequest { SiteId = "x" }, cancellationToken: Cancel));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        string document = await fixture.Anonymous.GetStringAsync("/openapi/v1.json", Cancel);

        using JsonDocument json = JsonDocument.Parse(document);
        JsonElement paths = json.RootElement.GetProperty("paths");
        foreach (string path in new[] { "/v1/sites", "/v1/functions/{name}", "/v1/modules", "/v1/tokens", "/v1/functions/{name}/explain" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task UploadModule_SameBytesTwice_SameDigest()
    {
        byte[] module = WireSamples.EchoModule();

        string first = await Upload(module);
        string second = await Upload(module);

        Assert.Equal(first, second);
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        using HttpClient agent = fixture.Client(fixture.JoinToken);
        Assert.Equal(module, await agent.GetByteArrayAsync($"/v1/modules/{first}", Cancel));
    }

    [Theory]
    [InlineData("not webassembly at all", "refused")]
    [InlineData("(module (func))", "WebAssembly text")]
    [InlineData("\0asm\u0001\0\0\0\u0005", "refused")]
    public async Task UploadModule_BadBytes_Is400WithTheReason(string body, string expected)
    {
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        using HttpResponseMessage response = await fixture.Admin.PostAsync("/v1/modules", content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadModule_OverTheLimit_Is413()
    {
        using var content = new ByteArrayContent(new byte[(16 << 20) + 1]);
        using HttpResponseMessage response = await fixture.Admin.PostAsync("/v1/modules", content, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not valid JSON")]
    [InlineData("null", "empty or null")]
    [InlineData("{\"class\":\"realtime\"}", "module_digest is missing")]
    [InlineData("{\"module_digest\":\"sha256:00\",\"class\":\"soon\"}", "is not a latency class")]
    [InlineData("{\"module_digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"class\":\"realtime\"}", "names no uploaded module")]
    public async Task Deploy_BadBody_Is400NamingTheField(string body, string expected)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await fixture.Admin.PutAsync("/v1/functions/bad-body", content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_BreakingACatalogRule_Is400AndStoresNothing()
    {
        string digest = await Upload(WireSamples.EchoModule());
        using HttpResponseMessage response = await fixture.Admin.PutAsJsonAsync("/v1/functions/too-slow",
            new { module_digest = digest, @class = "realtime", exec_p50_ms = 20, exec_p99_ms = 40 }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("p99", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using HttpResponseMessage show = await fixture.Admin.GetAsync("/v1/functions/too-slow", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, show.StatusCode);
    }

    [Fact]
    public async Task RegisterHeartbeatDeploy_PlacesTheFunctionAndPushesTheReplicasToWatchers()
    {
        string site = Samples.UniqueId("edge-api");
        await fixture.Agents.RegisterAsync(new RegisterRequest { Site = WireSamples.Site(site, 35.68, 139.69, "tokyo") }, fixture.JoinHeaders, cancellationToken: Cancel);
        await fixture.Agents.HeartbeatAsync(new HeartbeatRequest { SiteId = site, Utilisation = 0.1 }, fixture.JoinHeaders, cancellationToken: Cancel);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        using AsyncServerStreamingCall<DesiredState> watch = fixture.Agents.Watch(new WatchRequest { SiteId = site }, fixture.JoinHeaders, cancellationToken: watching.Token);

        string name = Samples.UniqueId("fn");
        string digest = await Upload(WireSamples.EchoModule());
        using HttpResponseMessage deployed = await fixture.Admin.PutAsJsonAsync($"/v1/functions/{name}",
            new { module_digest = digest, @class = "interactive", residency = InJapan }, Cancel);

        Assert.Equal(HttpStatusCode.OK, deployed.StatusCode);
        JsonElement view = await deployed.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains(site, view.GetProperty("replicas").EnumerateArray().Select(r => r.GetString()));
        DesiredState pushed = await NextStateWith(watch, name);
        FunctionPlacement placement = pushed.Functions.Single(f => f.Name == name);
        Assert.Equal(digest, placement.ModuleDigest);
        Assert.Contains(site, placement.ReplicaSites);
        Assert.Contains(pushed.Sites, s => s.Id == site && s.Health == "healthy");
        await watching.CancelAsync();
    }

    [Fact]
    public async Task Register_BadSite_IsInvalidArgumentNamingTheField()
    {
        SiteDescription bad = WireSamples.Site(Samples.UniqueId("edge-bad"), 95, 139.69, "tokyo");
        bad.Tier = "moon";
        bad.Endpoint = "ftp://x";

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Agents.RegisterAsync(new RegisterRequest { Site = bad }, fixture.JoinHeaders, cancellationToken: Cancel));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("site.tier 'moon'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("site.endpoint", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("site.latitude", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_HostileIngress_IsInvalidArgument_AndKeepsTheLastGoodLoad()
    {
        string site = Samples.UniqueId("edge-ingress");
        await fixture.Agents.RegisterAsync(new RegisterRequest { Site = WireSamples.Site(site, 35.68, 139.69, "tokyo") }, fixture.JoinHeaders, cancellationToken: Cancel);
        var good = new HeartbeatRequest { SiteId = site, Utilisation = 0.2 };
        good.Ingress.Add(new FunctionIngress { Function = "collision-warning", Rps = 4 });
        await fixture.Agents.HeartbeatAsync(good, fixture.JoinHeaders, cancellationToken: Cancel);
        var hostile = new HeartbeatRequest { SiteId = site, Utilisation = 0.9 };
        hostile.Ingress.Add(new FunctionIngress { Function = "../../etc/passwd", Rps = double.NaN });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Agents.HeartbeatAsync(hostile, fixture.JoinHeaders, cancellationToken: Cancel));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("ingress.function '../../etc/passwd' has the character '/'", error.Status.Detail, StringComparison.Ordinal);
        JsonElement view = await fixture.Admin.GetFromJsonAsync<JsonElement>($"/v1/sites/{site}", Cancel);
        Assert.Equal(0.2, view.GetProperty("utilisation").GetDouble());
        Assert.Equal(4, view.GetProperty("ingress_rps").GetProperty("collision-warning").GetDouble());
    }

    [Fact]
    public async Task Heartbeat_UnknownSite_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Agents.HeartbeatAsync(new HeartbeatRequest { SiteId = "never-registered" }, fixture.JoinHeaders, cancellationToken: Cancel));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Tokens_AdminMintsAJoinTokenThatWorks_AndRejectsUnknownKinds()
    {
        using HttpResponseMessage minted = await fixture.Admin.PostAsJsonAsync("/v1/tokens", new { kind = "join" }, Cancel);
        using HttpResponseMessage bad = await fixture.Admin.PostAsJsonAsync("/v1/tokens", new { kind = "root" }, Cancel);

        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        string token = (await minted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("token").GetString()!;
        using HttpClient agent = fixture.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/v1/info", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("use join", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveAndExplain_UnknownFunction_Are404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.DeleteAsync("/v1/functions/nothing-here", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync("/v1/functions/nothing-here/explain?origin=35,139", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Admin.GetAsync("/v1/functions/nothing-here/explain?origin=north", Cancel)).StatusCode);
    }

    private async Task<string> Upload(byte[] module)
    {
        using var content = new ByteArrayContent(module);
        using HttpResponseMessage response = await fixture.Admin.PostAsync("/v1/modules", content, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("digest").GetString()!;
    }

    private static async Task<DesiredState> NextStateWith(AsyncServerStreamingCall<DesiredState> watch, string function)
    {
        while (await watch.ResponseStream.MoveNext(Cancel))
        {
            if (watch.ResponseStream.Current.Functions.Any(f => f.Name == function))
            {
                return watch.ResponseStream.Current;
            }
        }
        throw new InvalidOperationException("the watch ended before a plan with the function arrived");
    }
}
